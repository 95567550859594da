// A private package ("private": true): the exported `measure` is only called by this program,
// whose calls are type-checked, so the key that reaches `layoutCache` through `remember` is an
// object. Safe. A caller that passes `any` two functions up makes it unsafe.
interface Box {
  width: number;
}

class Element {
  constructor(readonly id: string) {}
}

const layoutCache = new Map<Element, Box>(); // REPORT: object-keyed-cache safe

function remember(el: Element): Box {
  let box = layoutCache.get(el);
  if (!box) layoutCache.set(el, (box = { width: el.id.length }));
  return box;
}

export function measure(el: Element): Box {
  return remember(el);
}

measure(new Element("a"));

const seen = new Set<Element>(); // REPORT: object-keyed-cache unsafe skipped

function mark(el: Element): void {
  seen.add(el);
}

function visit(el: Element): void {
  mark(el);
}

export function load(text: string): void {
  visit(JSON.parse(text)); // `any`: a string here type-checks
}

// Recursion: the walk stops at functions it has seen.
const depths = new Map<Element, number>(); // REPORT: object-keyed-cache safe

function descend(el: Element, depth: number): void {
  depths.set(el, depth);
  if (depth < 3) descend(el, depth + 1);
}

descend(new Element("root"), 0);
