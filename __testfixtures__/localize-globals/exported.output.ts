export interface Plugin {
  name: string;
}

export const registry: Plugin[] = [];

export function use(plugin: Plugin): void {
  registry.push(plugin);
}
