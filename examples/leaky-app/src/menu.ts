// Leak: every item keeps its whole menu (and every sibling) alive through `parent`.
export class MenuItem {
  parent: Menu | null = null;
  constructor(readonly label: string) {}

  path(): string {
    return this.parent ? `${this.parent.title} > ${this.label}` : this.label;
  }
}

export class Menu {
  items: MenuItem[] = [];
  constructor(readonly title: string) {}

  add(item: MenuItem): this {
    item.parent = this;
    this.items.push(item);
    return this;
  }
}
