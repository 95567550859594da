// A class of the project with `close()` (or `dispose()`, `release()`, `destroy()`) and no
// dispose symbol is a resource where the function that creates an instance also closes it:
// that function treats it as one. Its fixes keep the exact call in an inline disposable.

export class Environment {
  ready = false;
  async init(): Promise<void> {
    this.ready = true;
  }
  async run(id: string): Promise<string> {
    return id;
  }
  async listen(port: number): Promise<number> {
    return port;
  }
  async close(): Promise<void> {
    this.ready = false;
  }
}

export function createEnvironment(name: string): Environment {
  const environment = new Environment();
  environment.ready = name.length > 0;
  return environment;
}

// `init()` may throw before the `try`: reported; unsafe, because leakmod knows `close()` only
// as the release this function calls, and `using` would also run it after a failed `init()`.
export async function importModule(id: string): Promise<string> {
  const environment = createEnvironment("inline"); // REPORT: partial-cleanup unsafe
  await environment.init();
  try {
    return await environment.run(id);
  } finally {
    await environment.close();
  }
}

// Closed in the `finally` right after it: the same program with `await using` (safe).
export async function once(id: string): Promise<string> {
  const environment = new Environment(); // REPORT: finally-cleanup safe
  await using _environment = {
    [Symbol.asyncDispose]: () => environment.close(),
  };
  return await environment.run(id);
}

// Closed on the happy path only.
export async function happy(id: string): Promise<string> {
  const environment = createEnvironment(id); // REPORT: partial-cleanup unsafe
  const result = await environment.run(id);
  await environment.close();
  return result;
}

// Not closed by the function that creates it: no evidence that it is a resource here.
export async function serve(port: number): Promise<Environment> {
  const environment = new Environment(); // OK: not closed by the function that creates it: no evidence that it is a resource here
  await environment.listen(port);
  return environment;
}

// Closed in a callback only: its lifetime is followed elsewhere, no evidence here either.
export function later(schedule: (f: () => void) => void): void {
  const environment = new Environment(); // OK: closed in a callback only: no evidence here either
  schedule(() => void environment.close());
}

// A helper's object literal with `dispose()` is no class of the project: no evidence.
function linked(): { dispose: () => void } {
  return { dispose: () => {} };
}

export function round(): number {
  const handle = linked(); // OK: an object literal's `dispose()`, not a class of the project
  try {
    return 1;
  } finally {
    handle.dispose();
  }
}

// A closure uses it too: this function's release is not the whole story of its lifetime.
export async function probe(id: string): Promise<string> {
  const environment = new Environment(); // OK: a closure uses it too, so the release here is not all there is to it
  const run = async (): Promise<string> => environment.run(id);
  const result = await run();
  await environment.close();
  return result;
}

// Handed out by a collection, not made here: no evidence, whatever this function does with it.
const registrations = new Map<string, Environment>();

export async function unregister(id: string): Promise<void> {
  const environment = registrations.get(id); // OK: handed out by a Map, not made by this function
  if (environment !== undefined) {
    registrations.delete(id);
    await environment.close();
  }
}
