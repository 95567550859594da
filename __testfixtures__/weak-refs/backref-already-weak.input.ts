export class Section {
  #parent: WeakRef<Document> | undefined = undefined;
  get parent(): Document | null {
    return this.#parent?.deref() ?? null;
  }
  set parent(value: Document | null) {
    this.#parent = value ? new WeakRef(value) : undefined;
  }
  constructor(readonly title: string) {}
}

export class Document {
  sections: Section[] = [];
  add(s: Section) {
    s.parent = this;
    this.sections.push(s);
  }
}
