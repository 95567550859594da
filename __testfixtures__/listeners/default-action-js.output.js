import { EventEmitter } from "node:events";

export const client = new EventEmitter();

export class Service {
  constructor() {
    this.onData = (chunk) => console.log(chunk);
    this.onError = (err) => console.error(err);
    client.on("data", this.onData); // REPORT: leaked-listener safe
    client.on("error", this.onError); // REPORT: leaked-listener unsafe
  }

  dispose() {
    console.log("disposed");
    client.off("data", this.onData);
  }
}
