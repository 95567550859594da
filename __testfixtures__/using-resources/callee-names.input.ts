// Calls are first sorted by the name of their callee: a name no declaration of the program may
// make a disposable with is not resolved at all (callee-names.ts). Each call below reaches a
// disposable through a declaration that does not say so in a signature of its own, and must still
// be asked: a property holding a factory, a shorthand, a computed key, a `Record`, an index
// signature, a mapped type, type arguments at the call, a getter, a parameter, a function that
// declares no return type, a local.

class Handle implements Disposable {
  read(): number {
    return 1;
  }
  [Symbol.dispose](): void {}
}

function makeHandle() {
  return new Handle();
}

function viaLocal() {
  const made = new Handle();
  return made;
}

function chained() {
  return viaLocal();
}

export function fromFunctions(): number {
  const a = makeHandle(); // REPORT: unreleased-resource safe
  const b = chained(); // REPORT: unreleased-resource safe
  return a.read() + b.read();
}

const api = { open: makeHandle };
const kit = { makeHandle };
const OPEN = "openHandle";
const byKey = { [OPEN]: (): Handle => new Handle() };

export function fromMembers(): number {
  const a = api.open(); // REPORT: unreleased-resource safe
  const b = kit.makeHandle(); // REPORT: unreleased-resource safe
  const c = byKey.openHandle(); // REPORT: unreleased-resource safe
  return a.read() + b.read() + c.read();
}

type Openers<K extends string> = { [P in K]: () => Handle };
declare const pool: Record<"acquire", () => Handle>;
declare const registry: { [name: string]: () => Handle };
declare const openers: Openers<"primary">;

export function fromUnnamedMembers(): number {
  const a = pool.acquire(); // REPORT: unreleased-resource safe
  const b = registry.anything(); // REPORT: unreleased-resource safe
  const c = openers.primary(); // REPORT: unreleased-resource safe
  return a.read() + b.read() + c.read();
}

declare function typed<T>(value: unknown): T;

class Shop {
  get open() {
    return () => new Handle();
  }
}

export function fromValues(shop: Shop, make: () => Handle): number {
  const lazy = typed<() => Handle>(null);
  const a = lazy(); // REPORT: unreleased-resource safe
  const b = shop.open(); // REPORT: unreleased-resource safe
  const c = make(); // REPORT: unreleased-resource safe
  return a.read() + b.read() + c.read();
}

const sizes = { count: (): number => 1 };

export function fromLocal(): number {
  const count = () => new Handle();
  const h = count(); // REPORT: unreleased-resource safe
  const n = sizes.count(); // OK: a number (the local `count` is not reached through a receiver)
  return h.read() + n;
}
