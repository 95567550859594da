class Session {
  constructor(user) {
    this.user = user;
  }
}

const lastSeen = new Map(); // REPORT: object-keyed-cache safe

export function touch(session) {
  lastSeen.set(session instanceof Session ? session : new Session(session), Date.now());
}

export function open(user) {
  const session = new Session(user);
  lastSeen.set(session, Date.now());
  return lastSeen.has(session) ? session : null;
}

export class Tracker {
  constructor() {
    this.seen = new Set(); // REPORT: object-keyed-cache manual
  }

  track(session) {
    if (!(session instanceof Session)) return false;
    if (this.seen.has(session)) return false;
    this.seen.add(session);
    return true;
  }
}
