import type { Request, Response } from "./types.js";
import { userOf } from "./sessions.js";

// Leak: a trace of every request ever routed, written and never read.
const trace: string[] = [];

export function route(req: Request): Response {
  trace.push(`${req.method} ${req.url}`);
  const user = userOf(req);
  return user ? { status: 200, body: `hello ${user.name}` } : { status: 401, body: "who are you?" };
}

// Not a leak leakmod may fix: the state is the function's meaning (reported, not rewritten).
const seen: string[] = [];
export function firstVisit(url: string): boolean {
  if (seen.includes(url)) return false;
  seen.push(url);
  return true;
}

let rows: string[] = [];
export function toCsv(responses: Response[]): string {
  rows = [];
  for (const r of responses) rows.push(`${r.status},${JSON.stringify(r.body)}`);
  return rows.join("\n");
}
