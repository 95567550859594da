// A published package (no "private": true): the key reaches `layoutCache` through `remember`, a
// function of this module, from `measure`, which untyped JavaScript outside the program may call
// with a string; `WeakMap.set` would throw. Unsafe, and so through a third function.
interface Box {
  width: number;
}

class Element {
  constructor(readonly id: string) {}
}

const layoutCache = new Map<Element, Box>(); // REPORT: object-keyed-cache unsafe

function remember(el: Element): Box {
  let box = layoutCache.get(el);
  if (!box) layoutCache.set(el, (box = { width: el.id.length }));
  return box;
}

export function measure(el: Element): Box {
  return remember(el);
}

const seen = new Set<Element>(); // REPORT: object-keyed-cache unsafe

function mark(el: Element): void {
  seen.add(el);
}

function visit(el: Element): void {
  mark(el);
}

export class Walker {
  walk(el: Element): void {
    visit(el);
  }
}

// Keys made in the program: nothing from outside reaches them. Safe.
const ids = new Map<Element, number>(); // REPORT: object-keyed-cache safe

let next = 0;

function register(el: Element): void {
  ids.set(el, next++);
}

export function create(id: string): Element {
  const el = new Element(id);
  register(el);
  return el;
}
