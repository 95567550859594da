import { EventEmitter } from "node:events";

interface Subscription {
  closed: boolean;
  unsubscribe(): void;
  add(teardown: () => void): void;
}
interface Observable<T> {
  subscribe(next: (value: T) => void): Subscription;
  pipe(...operators: Array<(source: Observable<T>) => Observable<T>>): Observable<T>;
}
declare function map<T>(f: (value: T) => T): (source: Observable<T>) => Observable<T>;
declare function take<T>(count: number): (source: Observable<T>) => Observable<T>;
declare function takeUntil<T>(notifier: Observable<unknown>): (source: Observable<T>) => Observable<T>;
declare function subject<T>(): Observable<T> & { next(value: T): void };

interface Store {
  state$: Observable<number>;
  subscribe(listener: () => void): () => void;
  watch(key: string, listener: () => void): { dispose(): void; [Symbol.dispose](): void };
}
interface Chain {
  on(event: string, listener: () => void): Chain;
  dispose(): void;
}

export const store: Store = null!;
export const chain: Chain = null!;

export class Badge {
  private subscription?: { unsubscribe(): void };
  private unsubscribe?: () => void;
  private subscription2?: { dispose(): void };
  private count = 0;

  constructor(private readonly settings: Store) {
    this.subscription = store.state$.subscribe((n) => this.render(n)); // REPORT: dropped-subscription safe
    this.unsubscribe = store.subscribe(() => this.render(0)); // REPORT: dropped-subscription safe
    this.subscription2 = settings.watch("theme", () => this.render(1)); // REPORT: dropped-subscription safe
  }

  render(n: number): void {
    this.count = n;
  }

  dispose(): void {
    console.log("disposed", this.count);
    this.subscription?.unsubscribe();
    this.unsubscribe?.();
    this.subscription2?.dispose();
  }
}

export class Kept {
  private sub?: Subscription;
  private stop?: () => void;
  private theme = store.watch("theme", () => this.render()); // REPORT: dropped-subscription safe

  start(): void {
    this.sub = store.state$.subscribe(() => this.render()); // REPORT: dropped-subscription safe
    this.stop = store.subscribe(() => this.render()); // REPORT: dropped-subscription safe
  }

  render(): void {}

  destroy(): void {
    console.log("destroyed");
    this.theme?.dispose();
    this.sub?.unsubscribe();
    this.stop?.();
  }
}

export class Released {
  private sub?: Subscription;
  private stop?: () => void;
  private readonly subs: Subscription[] = [];
  private readonly destroyed$ = subject<void>();
  private readonly changes = subject<number>();

  start(): void {
    this.sub = store.state$.subscribe(() => this.render()); // OK: unsubscribed in dispose()
    this.stop = store.subscribe(() => this.render()); // OK: called through a helper
    this.subs.push(store.state$.subscribe(() => this.render())); // OK: handed to an array
    store.state$.pipe(take(1)).subscribe(() => this.render()); // OK: take(1) completes
    store.state$.pipe(map((n) => n + 1), takeUntil(this.destroyed$)).subscribe(() => this.render()); // OK: takeUntil ends it
    this.changes.subscribe(() => this.render()); // OK: a subject the owner creates
    chain.on("change", () => this.render()); // OK: returns the receiver (chaining)
    const local = store.watch("x", () => this.render());
    local.dispose();
    using scoped = store.watch("y", () => this.render()); // OK: using disposes it
    console.log(scoped);
  }

  render(): void {}

  private release(): void {
    this.stop?.();
  }

  dispose(): void {
    this.sub?.unsubscribe();
    this.release();
    this.destroyed$.next();
  }
}

export class Base {
  protected sub?: Subscription;

  start(): void {
    this.sub = store.state$.subscribe(() => this.render()); // OK: a subclass may unsubscribe it
  }

  render(): void {}

  dispose(): void {}
}

export class LocalHandle {
  start(): void {
    const sub = store.state$.subscribe(() => this.render()); // REPORT: dropped-subscription manual
    console.log(sub.closed);
  }

  render(): void {}

  close(): void {}
}

export class NoTeardown {
  constructor() {
    store.subscribe(() => console.log("forever")); // OK: nothing tears this class down
  }
}

export class Wrapper {
  private readonly emitter = new EventEmitter();

  constructor(private readonly source: Store) {
    const sub = source.state$.subscribe(() => this.emitter.emit("x")); // OK: handed in, fix not safe
    console.log(sub.closed);
  }

  stop(): void {}
}

// Top-level and plain functions: not owned by anything torn down.
store.subscribe(() => console.log("app"));
export function follow(): () => void {
  return store.subscribe(() => console.log("follow"));
}
