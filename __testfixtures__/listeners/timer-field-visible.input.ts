export class Poller {
  protected timer?: ReturnType<typeof setInterval>;

  start(): void {
    this.timer = setInterval(() => this.poll(), 1000); // OK: a protected field: a subclass may clear it
  }

  poll(): void {}

  dispose(): void {}
}

export class ClearingPoller extends Poller {
  override dispose(): void {
    clearInterval(this.timer);
  }
}

export class Ticker {
  timer?: ReturnType<typeof setInterval>;

  start(): void {
    this.timer = setInterval(() => this.tick(), 1000); // OK: a public field: whoever holds the ticker may clear it
  }

  tick(): void {}

  dispose(): void {}
}

export class Clock {
  private timer?: ReturnType<typeof setInterval>;

  start(): void {
    this.timer = setInterval(() => this.tick(), 1000); // REPORT: leaked-timer safe
  }

  tick(): void {}

  dispose(): void {}
}
