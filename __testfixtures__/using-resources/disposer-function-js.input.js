// The disposer-function rules in plain JavaScript (JSDoc types): a function with
// `[Symbol.dispose]` is released by calling it; returned, or held by closures that call it, it is
// its holder's to release; never released here, it is reported with advice, never made `using`.

/** @typedef {(() => void) & Disposable} Disposer */

/** @type {Set<() => void>} */
const reactions = new Set();

/**
 * @param {() => void} effect
 * @returns {Disposer}
 */
export function autorun(effect) {
  reactions.add(effect);
  const dispose = /** @type {Disposer} */ (
    () => {
      reactions.delete(effect);
    }
  );
  dispose[Symbol.dispose] = dispose;
  return dispose;
}

/**
 * @param {() => boolean} predicate
 * @param {() => void} effect
 * @param {number} timeout
 * @returns {Disposer}
 */
export function when(predicate, effect, timeout) {
  const timer = setTimeout(() => disposer(), timeout);
  const disposer = autorun(() => { // OK: a disposer function handed to the caller, called by the closures that hold it
    if (predicate()) {
      disposer();
      clearTimeout(timer);
      effect();
    }
  });
  return disposer;
}

/**
 * @param {() => boolean} predicate
 * @returns {{ done: Promise<void>, cancel: () => void }}
 */
export function whenPromise(predicate) {
  let cancel = () => {};
  const done = new Promise((resolve, reject) => {
    const disposer = when(predicate, () => resolve(undefined), 1000); // OK: released by the closures that hold it
    cancel = () => {
      disposer();
      reject(new Error("cancelled"));
    };
  });
  return { done, cancel: () => cancel() };
}

/** @param {() => void} effect */
export function runOnce(effect) {
  const stop = autorun(effect); // REPORT: partial-cleanup safe
  effect();
  stop();
}

/** @param {() => void} effect */
export function watchForever(effect) {
  const stop = autorun(effect); // REPORT: unreleased-resource manual
  effect();
}
