export class Section {
  /** The document this section belongs to. */
  parent: Document | null = null; // REPORT: back-reference unsafe
  constructor(readonly title: string) {}

  path(): string {
    return this.parent ? `${this.parent.title} / ${this.title}` : this.title;
  }
}

export class Document {
  sections: Section[] = [];
  constructor(readonly title: string) {}

  add(s: Section): Section {
    s.parent = this;
    this.sections.push(s);
    return s;
  }

  remove(s: Section): void {
    this.sections = this.sections.filter((x) => x !== s);
    s.parent = null;
  }
}
