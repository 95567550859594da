interface Box {
  width: number;
  height: number;
}

class Element {
  constructor(readonly id: string) {}
}

function calc(el: Element): Box {
  return { width: el.id.length, height: 1 };
}

const layoutCache = new Map<Element, Box>(); // REPORT: object-keyed-cache safe

export function measure(el: Element): Box {
  let box = layoutCache.get(el);
  if (!box) layoutCache.set(el, (box = calc(el)));
  return box;
}

export function forget(el: Element): void {
  layoutCache.delete(el);
}
