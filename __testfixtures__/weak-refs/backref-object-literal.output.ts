export class Menu {
  items: object[] = [];

  add(label: string): void {
    const item = { label, menu: this };
    this.items.push(item);
  }
}
