export class Cell {
  row: Row | null = null; // REPORT: back-reference manual
  constructor(readonly value: number) {}

  toJSON(): object {
    return { value: this.value };
  }
}

export class Row {
  cells: Cell[] = [];
  add(c: Cell): void {
    c.row = this;
    this.cells.push(c);
  }
}

export class Page {
  book: Book | null = null; // REPORT: back-reference manual
  constructor(readonly text: string) {}

  snapshot(): string {
    return JSON.stringify(this, (k, v) => (k === "book" ? undefined : v));
  }
}

export class Book {
  pages: Page[] = [];
  add(p: Page): void {
    p.book = this;
    this.pages.push(p);
  }
}
