import { EventEmitter } from "node:events";

// Process-wide job events: lives as long as the service.
export const jobs = new EventEmitter();

// Leak: every stopped worker stays reachable from `jobs` and `process` through its listeners,
// and its heartbeat interval keeps running. `stop()` is where they must go.
export class Worker {
  private done = 0;

  constructor(readonly name: string) {
    jobs.on("job", this.onJob);
    process.on("SIGTERM", this.onTerm);
    setInterval(() => this.heartbeat(), 10_000);
  }

  private onJob = (id: string): void => {
    this.done++;
    console.log(`${this.name} ran ${id}`);
  };

  private onTerm = (): void => this.stop();

  private heartbeat(): void {
    console.log(`${this.name}: ${this.done} jobs`);
  }

  stop(): void {
    console.log(`${this.name} stopped`);
  }
}

// Not touched: a temporary emitter the worker pool creates and drops with itself.
export class Pool {
  private readonly events = new EventEmitter();

  constructor() {
    this.events.on("idle", () => console.log("idle"));
  }

  close(): void {
    this.events.emit("closed");
  }
}
