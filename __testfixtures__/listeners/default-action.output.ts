import { EventEmitter } from "node:events";

// A long-lived client shared by the services of the process.
export const client = new EventEmitter();

export class Service {
  constructor() {
    client.on("data", this.onData); // REPORT: leaked-listener safe
    client.on("error", this.onError); // REPORT: leaked-listener unsafe
    process.on("SIGTERM", this.onTerm); // REPORT: leaked-listener unsafe
    process.on("unhandledRejection", this.onRejection); // REPORT: leaked-listener unsafe
  }

  private onData = (chunk: string): void => {
    console.log(chunk);
  };

  // Removing it changes what the client's next error does: it would throw.
  private onError = (err: Error): void => {
    console.error(err);
  };

  private onTerm = (): void => {
    this.dispose();
  };

  private onRejection = (reason: unknown): void => {
    console.error(reason);
  };

  dispose(): void {
    console.log("disposed");
    client.off("data", this.onData);
  }
}
