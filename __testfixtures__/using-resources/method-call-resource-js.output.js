// The member-call rule in plain JavaScript: a member declared only in JSDoc, or assigned to an
// object after it was made.

export class Handle {
  read() {
    return 1;
  }
  [Symbol.dispose]() {}
}

/** @typedef {{ open(name: string): Handle, size(): number }} Store */

/**
 * @param {(store: Store) => number} run
 * @returns {number}
 */
export function withStore(run) {
  return run(/** @type {Store} */ (globalThis.store));
}

export const first = withStore((store) => {
  using h = store.open("a"); // REPORT: unreleased-resource safe
  return h.read() + store.size();
});

export const api = {};
/** @returns {Handle} */
api.connect = () => new Handle();

export function useApi() {
  using h = api.connect(); // REPORT: unreleased-resource safe
  return h.read();
}
