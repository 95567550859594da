// Badges subscribe to a long-lived store and are disposed; the unsubscribe handle subscribe()
// returns is thrown away, so the store keeps every disposed badge's callback (and the badge).
type Listener = () => void;

class Store {
  readonly listeners = new Set<Listener>();
  value = 0;

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  set(value: number): void {
    this.value = value;
    for (const listener of this.listeners) listener();
  }
}

const store = new Store();

class Badge {
  text = "";

  constructor() {
    store.subscribe(() => this.render());
  }

  render(): void {
    this.text = String(store.value);
  }

  dispose(): void {
    this.text = "";
  }
}

export async function main(): Promise<Record<string, number>> {
  for (let i = 0; i < 40; i++) {
    const badge = new Badge();
    store.set(i);
    badge.dispose();
  }
  console.log(`40 badges created and disposed, value ${store.value}`);
  return { subscribers: store.listeners.size };
}
