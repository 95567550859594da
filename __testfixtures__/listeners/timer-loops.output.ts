export class Spinner {
  private angle = 0;
  private running = true;

  start(): void {
    requestAnimationFrame(this.frame);
  }

  private frame = (): void => {
    this.angle += 1;
    requestAnimationFrame(this.frame); // REPORT: leaked-timer manual
  };

  dispose(): void {
    this.running = false;
  }
}

export class Poller {
  poll(): void {
    console.log("poll");
    setTimeout(() => this.poll(), 1000); // REPORT: leaked-timer manual
  }

  stop(): void {}
}

export class Guarded {
  private stopped = false;

  tick(): void {
    if (this.stopped) return;
    setTimeout(() => this.tick(), 1000); // OK: a flag the teardown sets ends it
  }

  once(): void {
    setTimeout(() => this.done(), 1000); // OK: a single timeout ends by itself
  }

  done(): void {}

  destroy(): void {
    this.stopped = true;
  }
}

export class Forever {
  loop(): void {
    setTimeout(() => this.loop(), 1000); // OK: a class nobody tears down
  }
}

// A loop in a plain function lives as long as the program.
export function heartbeat(): void {
  console.log("beat");
  setTimeout(heartbeat, 1000);
}
