// The key is a parameter of a function passed as a value: whoever calls it is unknown (an event
// payload may be anything), so `WeakSet.add` may receive a primitive. Unsafe, "cannot follow".
import { EventEmitter } from "node:events";

class Element {
  constructor(readonly id: string) {}
}

const bus = new EventEmitter();

const seen = new Set<Element>(); // REPORT: object-keyed-cache unsafe skipped

function remember(el: Element): void {
  seen.add(el);
}

bus.on("element", remember);

// An inline callback whose caller declares its arguments `any` (`(...args: any[]) => void`).
const touched = new Set<Element>(); // REPORT: object-keyed-cache unsafe skipped

bus.on("touch", (el: Element) => {
  touched.add(el);
});

// An inline callback of a typed call: `forEach` passes the array's elements, typed `Element`. Safe.
const listed = new WeakSet<Element>(); // REPORT: object-keyed-cache safe

export function list(elements: readonly Element[]): void {
  elements.forEach((el) => {
    listed.add(el);
  });
}
