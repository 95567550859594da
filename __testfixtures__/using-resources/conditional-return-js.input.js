// The conditional-return rule in plain JavaScript (JSDoc types).

export class Handle {
  read() {
    return 1;
  }
  [Symbol.dispose]() {}
}

/**
 * @template T
 * @typedef {T extends string ? { value: T } : never} Boxed
 */

/**
 * @template T
 * @typedef {T extends string ? Handle : never} Opened
 */

/**
 * @template T
 * @param {T} value
 * @returns {Boxed<T>}
 */
function box(value) {
  return /** @type {Boxed<T>} */ (/** @type {unknown} */ ({ value }));
}

/**
 * @template T
 * @param {T} kind
 * @returns {Opened<T>}
 */
function openAs(kind) {
  return /** @type {Opened<T>} */ (/** @type {unknown} */ (kind ? new Handle() : undefined));
}

export function useBox() {
  const b = box("x"); // OK: every branch of `Boxed<T>` is a `{ value }` or `never`: nothing to release
  return b.value.length;
}

export function useOpen() {
  const h = openAs("file"); // REPORT: unreleased-resource safe
  return h.read();
}
