export class Section {
  #parent: WeakRef<Document> | undefined = undefined;
  /** The document this section belongs to. */
  get parent(): Document | null {
    return this.#parent?.deref() ?? null;
  }
  set parent(value: Document | null) {
    this.#parent = value ? new WeakRef(value) : undefined;
  } // REPORT: back-reference unsafe
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
