interface Node {
  id: number;
}

// Object keys, only get/set: weak-refs turns it into a WeakMap.
const sizes = new Map<Node, number>();

export function sizeOf(node: Node): number {
  let size = sizes.get(node);
  if (size === undefined) sizes.set(node, (size = node.id * 2));
  return size;
}

// Object keys, only grows, iterated: weak-refs reports it.
const visited = new Set<Node>();

export function visit(node: Node): number {
  visited.add(node);
  return [...visited].length;
}

export function countDistinct(nodes: readonly Node[]): number {
  // Object keys, cleared at the start of every call.
  const marks = new Set<Node>(); // REPORT: accumulating-global safe
  for (const n of nodes) marks.add(n);
  return marks.size;
}
