export interface Node {
  kind: string;
}

// A public property of an exported class: other files may iterate it.
export class Checker {
  readonly types = new Map<Node, string>(); // REPORT: object-keyed-cache manual

  typeOf(node: Node): string {
    let t = this.types.get(node);
    if (t === undefined) this.types.set(node, (t = node.kind));
    return t;
  }
}
