// The conditional-ownership rules in plain JavaScript: covered by the `finally` under the
// ownership condition (nothing reported), released on the happy path only (manual, keeps
// the condition), and a project class closed by the function that creates it (unsafe, as in
// TypeScript: tsc emits this project's JavaScript, so it lowers `using`).

export class Runner {
  async query(sql) {
    return sql.length;
  }
  async release() {}
  async [Symbol.asyncDispose]() {
    await this.release();
  }
}

export class Builder {
  constructor(source, runner) {
    this.source = source;
    this.runner = runner;
  }

  obtainRunner() {
    return this.runner ?? new Runner();
  }

  async execute(sql) {
    const runner = this.obtainRunner(); // OK: made here only sometimes, released in the covering finally under that condition
    try {
      return await runner.query(sql);
    } finally {
      if (runner !== this.runner) await runner.release();
    }
  }

  async show() {
    const runner = this.runner ?? new Runner(); // REPORT: partial-cleanup manual
    const count = await runner.query("select 1");
    if (!this.runner) await runner.release();
    return count > 0;
  }
}

export class Environment {
  async run(id) {
    return id;
  }
  async close() {}
}

export async function happy(id) {
  const environment = new Environment(); // REPORT: partial-cleanup unsafe
  const result = await environment.run(id);
  await environment.close();
  return result;
}
