class Section {
  parent: Chapter | null = null;
  constructor(readonly title: string) {}
}

class Chapter {
  sections: Section[] = [];
  payload: number[] = Array.from({ length: 5000 }, (_, i) => i);
  constructor(readonly name: string) {}

  add(s: Section): void {
    s.parent = this;
    this.sections.push(s);
  }
}

export const kept: Section[] = [];

export async function main(): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const chapter = new Chapter(`c${i}`);
    for (let k = 0; k < 3; k++) chapter.add(new Section(`s${i}.${k}`));
    kept.push(chapter.sections[0]!);
  }
  console.log(`kept ${kept.length}, first parent ${kept[0]!.parent?.name}`);
}
