// Writing at the end of an array appends to it: `x[x.length] = v`, or `x[n++] = v` with a
// counter that only counts up.
const handlers: Array<() => void> = []; // REPORT: accumulating-global manual
let nextId = 0;
export function register(h: () => void): number {
  handlers[nextId++] = h;
  return nextId - 1;
}
export function fire(id: number): void {
  handlers[id]?.();
}

const trace: string[] = []; // REPORT: accumulating-global manual
export function route(url: string): string {
  trace[trace.length] = url;
  return url.toUpperCase();
}
