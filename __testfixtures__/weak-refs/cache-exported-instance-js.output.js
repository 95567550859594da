// JavaScript: the object made from an unexported class expression is exported, so other modules
// reach its public `observers` (and may iterate it or read `size`): not made a WeakMap.
export const sharedObserver = new (class {
  /** @type {Map<object, string>} */
  observers = new Map(); // REPORT: object-keyed-cache manual

  /** @param {object} target */
  observe(target) {
    let o = this.observers.get(target);
    if (o === undefined) this.observers.set(target, (o = "seen"));
    return o;
  }
})();
