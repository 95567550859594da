export class Poller {
  poll() {
    console.log("poll");
    setTimeout(() => this.poll(), 1000); // REPORT: leaked-timer manual
  }

  close() {}
}

export class Stoppable {
  constructor() {
    this.closed = false;
  }

  poll() {
    if (this.closed) return;
    setTimeout(() => this.poll(), 1000); // OK: ends when close() sets the flag
  }

  close() {
    this.closed = true;
  }
}
