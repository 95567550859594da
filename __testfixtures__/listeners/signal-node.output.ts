export const events = new EventTarget();

export class Follower {
  private listeners = new AbortController();
  constructor() {
    events.addEventListener("tick", () => this.step(), {
      signal: this.listeners.signal,
    }); // REPORT: leaked-listener safe
    events.addEventListener("stop", this.step.bind(this), {
      capture: true,
      signal: this.listeners.signal,
    }); // REPORT: leaked-listener safe
  }

  step(): void {}

  [Symbol.dispose](): void {
    console.log("disposed");
    this.listeners.abort();
    this.listeners = new AbortController();
  }
}
