// The callable-disposable rule in plain JavaScript (JSDoc types): a function with
// `[Symbol.dispose]` that takes arguments is called to do its work, not to release anything.

/** @typedef {((step: number) => number) & Disposable} Counter */

/** @returns {Counter} */
function makeCounter() {
  let total = 0;
  const count = /** @type {Counter} */ ((/** @type {number} */ step) => (total += step));
  count[Symbol.dispose] = () => {
    total = 0;
  };
  return count;
}

export function tally() {
  const count = makeCounter(); // REPORT: unreleased-resource manual
  return count(1) + count(2);
}
