// A value made here only sometimes (a `??`, a `||`, a ternary, or a method of the project that
// returns a field or a new one), released in the `finally` that covers it under the ownership
// condition: released on every path that owns it. Nothing is reported, and never `using`,
// which would also release the runner borrowed from the caller.

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

export class Builder {
  constructor(
    private source: Source,
    private runner?: Runner,
  ) {}

  protected obtainRunner(): Runner {
    return this.runner ?? this.source.createRunner();
  }

  async execute(sql: string): Promise<number> {
    const runner = this.obtainRunner(); // OK: made here only sometimes (the method returns a field or a new runner), released in the covering finally under that condition
    try {
      return await runner.query(sql);
    } finally {
      if (runner !== this.runner) {
        // means we created our own runner
        await runner.release();
      }
    }
  }

  async withRunner<T>(callback: (runner: Runner) => Promise<T>): Promise<T> {
    const runner = this.runner ?? this.source.createRunner(); // OK: `??` borrows the field when set; the finally releases the one made here

    try {
      return await callback(runner);
    } finally {
      if (!this.runner) await runner.release();
    }
  }

  async either(sql: string, shared: Runner | undefined): Promise<number> {
    const label = "query";
    const runner = shared ? shared : this.source.createRunner(); // OK: a ternary with one creating branch, released in the finally when it was made here
    try {
      return (await runner.query(sql)) + label.length;
    } finally {
      if (runner !== shared) await runner.release();
    }
  }
}
