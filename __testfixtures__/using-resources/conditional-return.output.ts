// A callee declared to return a conditional type of its own type parameters (zod's
// `deepPartial<T>(s: T): DeepPartial<T>`) is judged by the branches as declared: asking the
// checker for the instantiated type, out of the order a full check takes, can take minutes.

class Handle implements Disposable {
  read(): number {
    return 1;
  }
  [Symbol.dispose](): void {}
}

interface Box<T> {
  value: T;
}

type Boxed<T> = T extends string ? Box<T> : T extends number ? Box<number> : never;
declare function box<T>(value: T): Boxed<T>;

type Opened<T> = T extends string ? Handle : never;
declare function openAs<T>(kind: T): Opened<T>;

export function useBox(): number {
  const b = box("x"); // OK: every branch of `Boxed<T>` is a `Box` or `never`: nothing to release
  return b.value.length;
}

export function useOpen(): number {
  using h = openAs("file"); // REPORT: unreleased-resource safe
  return h.read();
}
