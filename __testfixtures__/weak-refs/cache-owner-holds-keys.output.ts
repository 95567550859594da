// The object that owns the map also holds every key strongly for as long as the map lives: a
// weak map would free nothing. Not reported.
interface Client {
  send(message: string): void;
}

export class Clients {
  private clientToId = new Map<Client, string>(); // OK: the object also holds every key in idToClient
  private idToClient = new Map<string, Client>();

  setup(client: Client, id: string): void {
    this.clientToId.set(client, id);
    this.idToClient.set(id, client);
  }

  get(id: string): Client | undefined {
    return this.idToClient.get(id);
  }

  idOf(client: Client): string | undefined {
    return this.clientToId.get(client);
  }

  remove(client: Client): void {
    const id = this.clientToId.get(client);
    if (id === undefined) return;
    this.clientToId.delete(client);
    this.idToClient.delete(id);
  }
}

interface Plugin {
  name: string;
}

class Context {
  constructor(readonly plugin: Plugin) {}
}

export class Container {
  private contexts = new Map<Plugin, Context>(); // OK: the object also holds every key in plugins

  constructor(public plugins: readonly Plugin[]) {}

  private contextOf(plugin: Plugin): Context {
    let context = this.contexts.get(plugin);
    if (!context) this.contexts.set(plugin, (context = new Context(plugin)));
    return context;
  }

  names(): string[] {
    return this.plugins.map((p) => this.contextOf(p).plugin.name);
  }
}
