export class Poller {
  start() {
    this.timer = setInterval(() => this.poll(), 1000); // OK: a JavaScript field is public: a subclass or a caller may clear it
  }

  poll() {}

  dispose() {}
}

export class Clock {
  #timer;

  start() {
    this.#timer = setInterval(() => this.tick(), 1000); // REPORT: leaked-timer safe
  }

  tick() {}

  dispose() {}
}
