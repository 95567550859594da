export interface Plugin {
  name: string;
}

export const registry: Plugin[] = []; // REPORT: accumulating-global manual

export function use(plugin: Plugin): void {
  registry.push(plugin);
}
