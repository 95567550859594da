export class Poller {
  private interval?: ReturnType<typeof setInterval>;
  private timer: ReturnType<typeof setInterval> | undefined;

  start(): void {
    this.interval = setInterval(() => this.poll(), 1000); // REPORT: leaked-timer safe
    this.timer = setInterval(() => this.poll(), 5000); // REPORT: leaked-timer safe
  }

  poll(): void {}

  dispose(): void {
    console.log("disposed");
    clearInterval(this.interval);
    clearInterval(this.timer);
  }
}

export class Cleared {
  private timer?: ReturnType<typeof setInterval>;
  private other?: ReturnType<typeof setInterval>;

  start(): void {
    this.timer = setInterval(() => this.tick(), 1000);
    this.other = setInterval(() => this.tick(), 1000);
    setTimeout(() => this.tick(), 1000);
    const local = setInterval(() => this.tick(), 1000);
    this.keep(local);
  }

  private keep(id: ReturnType<typeof setInterval>): void {
    clearInterval(id);
  }

  tick(): void {}

  stop(): void {
    clearInterval(this.timer);
    this.release();
  }

  private release(): void {
    clearTimeout(this.other);
  }
}

export class Local {
  start(): void {
    const id = setInterval(() => this.tick(), 1000); // REPORT: leaked-timer manual
  }

  tick(): void {}

  close(): void {}
}

// Top-level and plain functions: not owned by anything torn down.
setInterval(() => console.log("alive"), 60_000);
export function heartbeat(): ReturnType<typeof setInterval> {
  return setInterval(() => console.log("beat"), 1000);
}
