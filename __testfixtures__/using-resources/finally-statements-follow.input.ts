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
  const client = await pool.connect();
  try {
    await client.query(sql);
  } finally {
    client.release();
  }
  log("done");
}
