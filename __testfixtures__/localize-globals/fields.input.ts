type Handler = (event: string) => void;

export class Registry {
  static plugins: string[] = []; // REPORT: accumulating-field manual

  static register(name: string): void {
    Registry.plugins.push(name);
  }

  static has(name: string): boolean {
    return Registry.plugins.includes(name);
  }
}

class EventBus {
  private handlers: Handler[] = []; // REPORT: accumulating-field manual
  private fired = 0;

  on(handler: Handler): void {
    this.handlers.push(handler);
  }

  emit(event: string): void {
    this.fired++;
    for (const h of this.handlers) h(event);
  }
}

export const bus = new EventBus();

class Session {
  private log: string[] = [];

  record(line: string): void {
    this.log.push(line);
  }
}

// Many sessions: their fields go with them.
export function openSession(): Session {
  return new Session();
}

class Store {
  static instance?: Store;
  private keys = new Set<string>(); // REPORT: accumulating-field manual

  static get(): Store {
    return (Store.instance ??= new Store());
  }

  remember(key: string): boolean {
    const known = this.keys.has(key);
    this.keys.add(key);
    return known;
  }
}

export function remember(key: string): boolean {
  return Store.get().remember(key);
}

export const metrics = {
  samples: [] as number[], // REPORT: accumulating-field manual
};

export function sample(value: number): void {
  metrics.samples.push(value);
}

// Cleared: bounded.
export class Cache {
  static entries = new Map<string, string>();

  static put(key: string, value: string): void {
    Cache.entries.set(key, value);
  }

  static reset(): void {
    Cache.entries.clear();
  }
}
