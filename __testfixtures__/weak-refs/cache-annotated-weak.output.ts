interface Widget {
  id: number;
}

export class Registry {
  // Declared weak, built strong: the annotation hides the leak.
  private readonly meta: WeakMap<Widget, string> = new WeakMap(); // REPORT: object-keyed-cache safe

  describe(w: Widget): string {
    let text = this.meta.get(w);
    if (text === undefined) {
      text = `widget ${w.id}`;
      this.meta.set(w, text);
    }
    return text;
  }
}
