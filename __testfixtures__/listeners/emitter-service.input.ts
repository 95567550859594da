import { EventEmitter } from "node:events";

export const bus = new EventEmitter();

export class Worker {
  private jobs = 0;

  start(): void {
    process.on("SIGINT", this.onSignal); // REPORT: leaked-listener unsafe
    bus.on("job", this.onJob); // REPORT: leaked-listener safe
  }

  private onSignal = (): void => {
    this.stop();
  };

  private onJob = (): void => {
    this.jobs++;
  };

  stop(): void {
    if (this.jobs === 0) return;
    this.jobs = 0;
  }
}
