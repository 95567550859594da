export interface Node {
  kind: string;
}

// The class is not exported, but the object made from it is: other modules can reach `observers`.
export const sharedObserver = new (class {
  readonly observers = new Map<Node, string>(); // REPORT: object-keyed-cache manual

  observe(target: Node): string {
    let o = this.observers.get(target);
    if (o === undefined) this.observers.set(target, (o = target.kind));
    return o;
  }
})();

class Registry {
  readonly byNode = new Map<Node, number>(); // REPORT: object-keyed-cache manual

  count(node: Node): number {
    const n = (this.byNode.get(node) ?? 0) + 1;
    this.byNode.set(node, n);
    return n;
  }
}

export const registry = new Registry();

class LocalCounter {
  readonly byNode = new WeakMap<Node, number>(); // REPORT: object-keyed-cache safe

  count(node: Node): number {
    const n = (this.byNode.get(node) ?? 0) + 1;
    this.byNode.set(node, n);
    return n;
  }
}

// Made here and kept here: no other module reaches this instance.
const counter = new LocalCounter();

export function countNode(node: Node): number {
  return counter.count(node);
}
