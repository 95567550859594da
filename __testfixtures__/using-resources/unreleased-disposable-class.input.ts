class TempDir implements Disposable {
  static count = 0;
  readonly path = `/tmp/work-${TempDir.count++}`;
  [Symbol.dispose](): void {
    TempDir.count--;
  }
}

class Connection implements AsyncDisposable {
  async query(sql: string): Promise<number> {
    return sql.length;
  }
  async [Symbol.asyncDispose](): Promise<void> {}
}

export function scratch(name: string): string {
  const dir = new TempDir(); // REPORT: unreleased-resource safe
  return `${dir.path}/${name}`;
}

export async function count(sql: string): Promise<number> {
  const connection = new Connection(); // REPORT: unreleased-resource safe
  return await connection.query(sql);
}

export function notAsync(sql: string): number {
  const connection = new Connection(); // REPORT: unreleased-resource manual
  return sql.length + (connection ? 1 : 0);
}
