type Visitor = (node: Node) => void;

interface Node {
  children: Node[];
}

const visited: WeakSet<Node> = new WeakSet(); // REPORT: object-keyed-cache safe

export function visit(node: Node, fn: Visitor): void {
  if (visited.has(node)) return;
  visited.add(node);
  fn(node);
  for (const child of node.children) visit(child, fn);
}
