// JavaScript the project does not type-check (checkJs is off): the JSDoc type of `node` binds no
// caller, so one may pass a string, and `WeakMap.set` would throw where `Map.set` did not. Unsafe.
class Node {
  constructor(id) {
    this.id = id;
  }
}

/** @type {Map<Node, number>} */
const visits = new Map(); // REPORT: object-keyed-cache unsafe

/** @param {Node} node */
export function visit(node) {
  visits.set(node, (visits.get(node) ?? 0) + 1);
  return visits.get(node);
}

export function root() {
  return new Node("root");
}
