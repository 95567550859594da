// A dropped subscription handle is kept in one new field only where the subscription runs once
// per set-up (the constructor, a field's initialiser, `connectedCallback`/`ngOnInit`…, outside
// loops and callbacks). Where it may run again (any other method, a loop, a callback), one field
// would keep only the last handle: reported with advice. Ex) @tanstack/query-core
// `QueriesObserver.#subscribeTo(observer)`, called for each observer it creates and destroys.

type Listener = () => void;

interface Store {
  subscribe(listener: Listener): () => void;
  watch(key: string, listener: Listener): { dispose(): void };
}

export const store: Store = null!;

export class ChildObserver {
  #listeners = new Set<Listener>();

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  destroy(): void {
    this.#listeners = new Set();
  }
}

export class CombinedObserver {
  #observers: ChildObserver[] = [];

  setCount(count: number): void {
    this.#observers.forEach((o) => o.destroy());
    this.#observers = Array.from({ length: count }, () => new ChildObserver());
    this.#observers.forEach((o) => this.#subscribeTo(o));
  }

  #subscribeTo(observer: ChildObserver): void {
    observer.subscribe(() => this.update()); // OK: a parameter, and a field could keep only the last handle: no safe fix
  }

  update(): void {}

  destroy(): void {
    this.#observers.forEach((o) => o.destroy());
  }
}

export class Panel {
  show(): void {
    store.subscribe(() => this.render()); // REPORT: dropped-subscription manual
  }

  render(): void {}

  dispose(): void {}
}

export class Grid {
  constructor(rows: readonly string[]) {
    for (const row of rows) {
      store.subscribe(() => this.render(row)); // REPORT: dropped-subscription manual
    }
    rows.forEach((row) => {
      store.watch(row, () => this.render(row)); // REPORT: dropped-subscription manual
    });
  }

  render(row: string): void {
    console.log(row);
  }

  dispose(): void {}
}

export class Once {
  constructor() {
    store.subscribe(() => this.render()); // REPORT: dropped-subscription safe
  }

  render(): void {}

  dispose(): void {}
}
