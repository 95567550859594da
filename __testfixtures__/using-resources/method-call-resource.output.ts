// A method call's local is a resource when the member called returns something disposable,
// whatever the receiver is: a callback's parameter (typed by the call it is passed to), a
// function's assigned member, a namespace's function.

class Handle implements Disposable {
  read(): number {
    return 1;
  }
  [Symbol.dispose](): void {}
}

interface Store {
  open(name: string): Handle;
  size(): number;
}

declare function withStore<T>(run: (store: Store) => T): T;

export const first = withStore((store) => {
  using h = store.open("a"); // REPORT: unreleased-resource safe
  const n = store.size(); // OK: `size` returns a number, nothing to release
  return h.read() + n;
});

function api(): void {}
api.connect = (): Handle => new Handle();

export function useApi(): number {
  using h = api.connect(); // REPORT: unreleased-resource safe
  return h.read();
}

namespace Db {
  export function open(): Handle {
    return new Handle();
  }
}

export function useDb(): number {
  using h = Db.open(); // REPORT: unreleased-resource safe
  return h.read();
}
