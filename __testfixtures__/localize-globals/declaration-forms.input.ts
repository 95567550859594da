let lines: string[] = [], // REPORT: accumulating-global safe
  total = 0;

export function add(n: number): number {
  total += n;
  lines.push(`+${n}`);
  return total;
}

const calls: number[] = []; // one entry per call // REPORT: accumulating-global safe

export function ping(n: number): void { calls.push(n); }

const visits = new Map<string, number>(); // REPORT: accumulating-global safe

export class Page {
  constructor(readonly path: string) {}

  open(): string {
    "use strict";
    void visits.set(this.path, Date.now());
    return this.path;
  }
}

const created: string[] = []; // REPORT: accumulating-global safe

class Base {
  constructor(readonly name: string) {}
}

export class Widget extends Base {
  readonly size = 1;

  constructor(name: string) {
    super(name);
    created.push(name);
  }
}
