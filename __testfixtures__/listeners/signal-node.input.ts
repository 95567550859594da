export const events = new EventTarget();

export class Follower {
  constructor() {
    events.addEventListener("tick", () => this.step()); // REPORT: leaked-listener safe
    events.addEventListener("stop", this.step.bind(this), { capture: true }); // REPORT: leaked-listener safe
  }

  step(): void {}

  [Symbol.dispose](): void {
    console.log("disposed");
  }
}
