export class Node {
  parent = null; // REPORT: back-reference unsafe

  constructor(name) {
    this.name = name;
    this.children = [];
  }

  add(child) {
    child.parent = this;
    this.children.push(child);
    return child;
  }

  root() {
    return this.parent ? this.parent.root() : this;
  }
}

export class Listener {
  constructor(emitter, name) {
    this.name = name;
    this.emitter = emitter; // REPORT: back-reference unsafe
    emitter.listeners.add(this);
  }
}

export class Emitter {
  listeners = new Set();
}

export class Item {
  /** @type {List | null} */
  list = null; // REPORT: back-reference unsafe
}

export class List {
  /** @type {Item[]} */
  items = [];

  /** @param {Item} item */
  add(item) {
    item.list = this;
    this.items.push(item);
  }
}
