// subscriptions-repeated in plain JavaScript: a new field for the handle only where the
// subscription runs once per set-up; in another method, a loop or a callback, advice.

/** @typedef {{ subscribe(listener: () => void): () => void }} Store */

/** @type {Store} */
export const store = globalThis.store;

export class Panel {
  show() {
    store.subscribe(() => this.render()); // REPORT: dropped-subscription manual
  }

  render() {}

  dispose() {}
}

export class Grid {
  /** @param {readonly string[]} rows */
  constructor(rows) {
    rows.forEach((row) => {
      store.subscribe(() => this.render(row)); // REPORT: dropped-subscription manual
    });
  }

  /** @param {string} row */
  render(row) {
    console.log(row);
  }

  dispose() {}
}

export class Once {
  constructor() {
    store.subscribe(() => this.render()); // REPORT: dropped-subscription safe
  }

  render() {}

  dispose() {}
}
