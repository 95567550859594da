export class Section {
  parent: Document | null = null; // REPORT: back-reference manual
}

export class Document {
  sections: Section[] = [];
  add(s: Section) {
    s.parent = this;
    this.sections.push(s);
  }
}
