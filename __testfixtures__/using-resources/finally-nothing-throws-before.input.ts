// Statements between a declaration and its `try` that cannot throw (declarations of literals,
// locals and closures, an assignment to a local, an `if` on a local that releases and leaves)
// leave no path on which the resource leaks: a `finally-cleanup` (the code is not leaky, only
// older), not a `partial-cleanup`. A call, a property read or a `new` in between can throw.

export class Bundle {
  async write(dir: string): Promise<string[]> {
    return [dir];
  }
  async close(): Promise<void> {}
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

declare function bundler(input: string): Promise<Bundle>;

let canceled = false;

export async function build(input: string, dir: string): Promise<string[]> {
  const bundle = await bundler(input); // REPORT: finally-cleanup safe
  if (canceled) {
    await bundle.close();
    throw new Error("The build was canceled");
  }
  try {
    return await bundle.write(dir);
  } finally {
    await bundle.close();
  }
}

export async function options(input: string, dir: string): Promise<number> {
  const bundle = await bundler(input); // REPORT: finally-cleanup safe
  const format = { dir, names: ["[name].js"], hidden: true };
  let written = 0;
  written = 1;
  try {
    return (await bundle.write(format.dir)).length + written;
  } finally {
    await bundle.close();
  }
}

export async function mayThrow(input: string, dir: string): Promise<number> {
  const bundle = await bundler(input); // REPORT: partial-cleanup safe
  const target = dir.trim();
  try {
    return (await bundle.write(target)).length;
  } finally {
    await bundle.close();
  }
}
