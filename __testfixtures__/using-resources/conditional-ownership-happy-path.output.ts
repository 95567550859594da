// A value made here only sometimes, released on the happy path only: the one made here leaks
// when something before the release throws. Reported (manual) with advice that keeps the
// ownership condition; never `using`, which would also release a borrowed runner.

export class Runner {
  async query(sql: string): Promise<number> {
    return sql.length;
  }
  async release(): Promise<void> {}
  async [Symbol.asyncDispose](): Promise<void> {
    await this.release();
  }
}

export class Source {
  createRunner(): Runner {
    return new Runner();
  }
}

export class Executor {
  constructor(
    private source: Source,
    private runner?: Runner,
  ) {}

  private getRunner(): Runner {
    if (this.runner) return this.runner;
    return this.source.createRunner();
  }

  async show(): Promise<boolean> {
    const runner = this.runner ?? this.source.createRunner(); // REPORT: partial-cleanup manual
    const count = await runner.query("select 1");
    // if the runner was created by us then release it
    if (!this.runner) {
      await runner.release();
    }
    return count > 0;
  }

  async pending(): Promise<number[]> {
    const runner = this.runner || this.source.createRunner(); // REPORT: partial-cleanup manual
    const done = await runner.query("select 2");
    if (done === 0) {
      if (!this.runner) await runner.release();
      return [];
    }
    const more = await runner.query("select 3");
    if (!this.runner) await runner.release();
    return [done, more];
  }

  async undo(): Promise<void> {
    const runner = this.getRunner(); // REPORT: partial-cleanup manual
    await runner.query("delete");
    if (runner !== this.runner) await runner.release();
  }

  async count(): Promise<number> {
    const runner = this.runner ?? this.source.createRunner(); // REPORT: unreleased-resource manual
    const n = await runner.query("select count(*)");
    return n;
  }
}
