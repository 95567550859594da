export class Node {
  #parent = null;
  get parent() {
    return this.#parent === null ? null : this.#parent?.deref();
  }
  set parent(value) {
    this.#parent = value == null ? value : new WeakRef(value);
  } // REPORT: back-reference unsafe

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
  #emitter = undefined;
  get emitter() {
    return this.#emitter === null ? null : this.#emitter?.deref();
  }
  set emitter(value) {
    this.#emitter = value == null ? value : new WeakRef(value);
  }
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
  #list = undefined;
  /** @type {List | null} */
  get list() {
    return this.#list?.deref() ?? null;
  }
  set list(value) {
    this.#list = value ? new WeakRef(value) : undefined;
  } // REPORT: back-reference unsafe
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
