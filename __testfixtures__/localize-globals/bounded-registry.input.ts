// A registry whose every key is a literal at every call in the project: it holds one entry per
// name the program registers, however often registration runs. Not reported.
export class Builder {
  private static registry: Record<string, () => Builder> = {}; // OK: every call passes a literal key

  static registerBuilder(name: string, factory: () => Builder): void {
    Builder.registry[name] = factory;
  }

  static create(name: string): Builder | undefined {
    return Builder.registry[name]?.();
  }
}

export function registerBuilders(): void {
  Builder.registerBuilder("select", () => new Builder());
  Builder.registerBuilder("insert", () => new Builder());
}
