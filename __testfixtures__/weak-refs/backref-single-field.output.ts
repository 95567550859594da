export class Editor {
  view: View | null = null;

  open(): View {
    const view = new View();
    view.editor = this;
    this.view = view;
    return view;
  }
}

export class View {
  #editor: WeakRef<Editor> | undefined = undefined;
  get editor(): Editor | null {
    return this.#editor?.deref() ?? null;
  }
  set editor(value: Editor | null) {
    this.#editor = value ? new WeakRef(value) : undefined;
  } // REPORT: back-reference unsafe

  title(): string {
    return this.editor ? "attached" : "detached";
  }
}
