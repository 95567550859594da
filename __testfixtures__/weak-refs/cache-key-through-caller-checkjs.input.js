// JavaScript that the project type-checks (`checkJs`), in a published package: the calls inside
// the program are checked against the JSDoc types, but `measure` is exported and callers outside
// the program are not, so the key that reaches `layoutCache` through `remember` may be a string.
class Element {
  /** @param {string} id */
  constructor(id) {
    this.id = id;
  }
}

/** @type {Map<Element, number>} */
const layoutCache = new Map(); // REPORT: object-keyed-cache unsafe

/** @param {Element} el */
function remember(el) {
  let width = layoutCache.get(el);
  if (width === undefined) layoutCache.set(el, (width = el.id.length));
  return width;
}

/** @param {Element} el */
export function measure(el) {
  return remember(el);
}

// Keys made in the program, through two functions that are not exported. Safe.
/** @type {Set<Element>} */
const made = new Set(); // REPORT: object-keyed-cache safe

/** @param {Element} el */
function note(el) {
  made.add(el);
}

/** @param {Element} el */
function keep(el) {
  note(el);
}

/** @param {string} id */
export function create(id) {
  const el = new Element(id);
  keep(el);
  return el;
}
