import { EventEmitter } from "node:events";

export const emitter = new EventEmitter();

// Reset per call, but a timer fills it after the call returns.
let pending: string[] = []; // REPORT: accumulating-global manual

export function schedule(jobs: readonly string[]): void {
  pending = [];
  for (const job of jobs) {
    setTimeout(() => pending.push(job), 10);
  }
}

// Write-only, by `listen` and by a listener that outlives it.
const received: string[] = []; // REPORT: accumulating-global manual

export function listen(): void {
  received.push("listening");
  emitter.on("message", (m: string) => {
    received.push(m);
  });
}

// Types seen, written by this listener alone.
const seenTypes: string[] = []; // REPORT: accumulating-global safe

emitter.on("typed", (type: string) => {
  seenTypes.push(type);
});
