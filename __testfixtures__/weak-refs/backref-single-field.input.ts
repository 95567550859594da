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
  editor: Editor | null = null; // REPORT: back-reference unsafe

  title(): string {
    return this.editor ? "attached" : "detached";
  }
}
