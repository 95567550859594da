// Keys whose type says object but that may be primitives at run time: a `WeakMap` would throw
// where the `Map` accepted them, so the fix is unsafe (applied only with --unsafe).
interface Session {
  user: string;
}

const bySession = new Map<Session, number>(); // REPORT: object-keyed-cache unsafe skipped

function touch(session: Session): void {
  bySession.set(session, (bySession.get(session) ?? 0) + 1);
}

export function fromWire(text: string): void {
  touch(JSON.parse(text)); // `any`: a string here type-checks
}

const seen = new Set<Session>(); // REPORT: object-keyed-cache unsafe skipped

function mark(raw: string): void {
  const parsed = JSON.parse(raw);
  seen.add(parsed);
}

mark("{}");

// The key is made here: nothing from outside can reach it. Safe.
const stamps = new WeakMap<Session, number>(); // REPORT: object-keyed-cache safe

function stamp(user: string): void {
  const session: Session = { user };
  stamps.set(session, Date.now());
}

stamp("a");
fromWire("{}");
