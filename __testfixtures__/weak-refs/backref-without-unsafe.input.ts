class Section {
  parent: Document | null = null; // REPORT: back-reference unsafe
  constructor(readonly title: string) {}
}

class Document {
  sections: Section[] = [];
  add(s: Section) {
    s.parent = this;
    this.sections.push(s);
  }
}

export const doc = new Document();
doc.add(new Section("intro"));
