export class Menu {
  items: object[] = [];

  add(label: string): void {
    const item = { label, menu: this };
    this.items.push(item);
  }
}

export function addSeparator(menu: Menu): void {
  const separator = { menu, kind: "separator" };
  menu.items.push(separator);
}
