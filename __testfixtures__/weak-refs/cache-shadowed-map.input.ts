// A `Map` that is not the global one (an immutable-js style class) is never touched.
class Map<K, V> {
  private readonly entries: Array<[K, V]> = [];
  get(key: K): V | undefined {
    return this.entries.find(([k]) => k === key)?.[1];
  }
  set(key: K, value: V): this {
    this.entries.push([key, value]);
    return this;
  }
}

interface Node {
  kind: string;
}

const types = new Map<Node, string>();

export function typeOf(node: Node): string {
  const known = types.get(node);
  if (known) return known;
  types.set(node, node.kind);
  return node.kind;
}
