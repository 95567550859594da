let total = 0;

export function add(n: number): number {
  total += n;
  const lines: string[] = [];
  lines.push(`+${n}`);
  return total;
}

export function ping(n: number): void {
  const calls: number[] = []; // one entry per call // REPORT: accumulating-global safe
  calls.push(n);
}

export class Page {
  constructor(readonly path: string) {}

  open(): string {
    "use strict";
    const visits = new Map<string, number>(); // REPORT: accumulating-global safe
    void visits.set(this.path, Date.now());
    return this.path;
  }
}

class Base {
  constructor(readonly name: string) {}
}

export class Widget extends Base {
  readonly size = 1;

  constructor(name: string) {
    super(name);
    const created: string[] = []; // REPORT: accumulating-global safe
    created.push(name);
  }
}
