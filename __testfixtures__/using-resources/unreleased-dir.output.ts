import fs from "node:fs";

export async function names(p: string): Promise<string[]> {
  const dir = await fs.promises.opendir(p); // REPORT: unreleased-resource safe
  await using _dir = {
    [Symbol.asyncDispose]: () =>
      dir.close().catch((error: NodeJS.ErrnoException) => {
        if (error.code !== "ERR_DIR_CLOSED") throw error;
      }),
  };
  const out: string[] = [];
  for await (const entry of dir) out.push(entry.name);
  return out;
}

export async function firstSync(p: string): Promise<string | undefined> {
  const dir = fs.opendirSync(p); // REPORT: unreleased-resource safe
  using _dir = {
    [Symbol.dispose]: () => {
      try {
        dir.closeSync();
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ERR_DIR_CLOSED")
          throw error;
      }
    },
  };
  for await (const entry of dir) return entry.name;
  return undefined;
}

export function first(p: string): string | undefined {
  const dir = fs.opendirSync(p); // REPORT: unreleased-resource safe
  using _dir = { [Symbol.dispose]: () => dir.closeSync() };
  return dir.readSync()?.name;
}
