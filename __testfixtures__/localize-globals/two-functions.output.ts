const events: string[] = []; // REPORT: accumulating-global manual

export function record(event: string): void {
  events.push(event);
}

export function count(): number {
  return events.length;
}

// Written by two functions, never read.
const audit = new Map<string, number>(); // REPORT: accumulating-global manual

export function login(user: string): void {
  audit.set(`login:${user}`, Date.now());
}

export function logout(user: string): void {
  audit.set(`logout:${user}`, Date.now());
}
