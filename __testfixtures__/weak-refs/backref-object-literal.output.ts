export class Menu {
  items: object[] = [];

  add(label: string): void {
    const item = { label, menu: this }; // REPORT: back-reference manual
    this.items.push(item);
  }
}

export function addSeparator(menu: Menu): void {
  const separator = { menu, kind: "separator" }; // REPORT: back-reference manual
  menu.items.push(separator);
}
