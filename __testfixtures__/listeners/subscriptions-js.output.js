/** @typedef {{ subscribe(listener: () => void): { unsubscribe(): void } }} Store */

/** @type {Store} */
export const store = globalThis.store;

export class Badge {
  subscription;
  constructor() {
    this.subscription = store.subscribe(() => this.render()); // REPORT: dropped-subscription safe
  }

  render() {}

  dispose() {
    console.log("disposed");
    this.subscription?.unsubscribe();
  }
}

export class Done {
  constructor() {
    this.sub = store.subscribe(() => this.render()); // OK: unsubscribed in dispose()
  }

  render() {}

  dispose() {
    this.sub.unsubscribe();
  }
}

store.subscribe(() => console.log("app")); // OK: top-level code lives as long as the program
