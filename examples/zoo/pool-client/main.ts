import * as fs from "node:fs";

class Client {
  private readonly fd = fs.openSync(process.execPath, "r");
  async query(sql: string): Promise<number> {
    if (sql.includes("bad")) throw new Error("syntax error");
    return sql.length;
  }
  release(): void {
    fs.closeSync(this.fd);
  }
}

class Pool {
  async connect(): Promise<Client> {
    return new Client();
  }
}

const pool = new Pool();

async function run(sql: string): Promise<number> {
  const client = await pool.connect();
  const n = await client.query(sql);
  client.release();
  return n;
}

export async function main(): Promise<void> {
  let ok = 0;
  let failed = 0;
  for (let i = 0; i < 20; i++) {
    try {
      ok += await run(i % 4 === 0 ? "select bad" : "select 1");
    } catch {
      failed++;
    }
  }
  console.log(`ok ${ok}, failed ${failed}`);
}
