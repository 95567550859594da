interface PoolClient {
  query(sql: string): Promise<unknown>;
  release(): void;
}
interface Pool {
  connect(): Promise<PoolClient>;
}
declare const pool: Pool;
declare function log(message: string): void;

export async function migrate(sql: string): Promise<void> {
  const client = await pool.connect(); // REPORT: finally-cleanup safe
  try {
    await client.query(sql);
  } finally {
    client.release();
  }
  log("done");
}

export async function seed(rows: readonly string[]): Promise<number> {
  const client = await pool.connect( // REPORT: finally-cleanup safe
    // a long comment that keeps the call on several lines
  );
  try {
    for (const row of rows) await client.query(row);
  } finally {
    client.release();
  }
  log(`seeded ${rows.length}`);
  return rows.length;
}
