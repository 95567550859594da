// A generic call whose declared return type is its own type parameter hands back a value of a
// type its arguments choose: a container's service, the element of a list, what an option holds.
// This call did not make it for the caller, so it is not the caller's to release; `using` would
// dispose a service the container still hands to others.

class Connection implements Disposable {
  query(sql: string): number {
    return sql.length;
  }
  [Symbol.dispose](): void {}
}

interface Container {
  get<T>(token: new () => T): T;
  getAsync<T>(token: new () => T): Promise<T>;
}
declare const container: Container;

function firstOf<T>(items: readonly T[]): T {
  return items[0]!;
}

export function handler(): number {
  const db = container.get(Connection); // OK: `get<T>` returns its own type parameter: the container's service, handed back
  return db.query("select 1");
}

export async function handlerAsync(): Promise<number> {
  const db = await container.getAsync(Connection); // OK: `Promise<T>` of its own type parameter, handed back
  return db.query("select 1");
}

export function pick(list: Connection[]): number {
  const c = firstOf(list); // OK: the list's element, handed back
  return c.query("x");
}

// Still resources: a function declared to return the class makes one; a pool of the class's `T`
// hands out what it made.
function open(): Connection {
  return new Connection();
}

class Pool<T extends Disposable> {
  constructor(private readonly make: () => T) {}
  acquire(): T {
    return this.make();
  }
}

export function fresh(): number {
  const c = open(); // REPORT: unreleased-resource safe
  return c.query("y");
}

export function pooled(pool: Pool<Connection>): number {
  const c = pool.acquire(); // REPORT: unreleased-resource safe
  return c.query("z");
}

// Released here, so this function treats it as its own: the release becomes `using`.
export function releasedHere(): number {
  const db = container.get(Connection); // REPORT: finally-cleanup safe
  try {
    return db.query("select 2");
  } finally {
    db[Symbol.dispose]();
  }
}
