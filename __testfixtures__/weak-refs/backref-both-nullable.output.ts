export class View {
  #controller: WeakRef<Controller> | null | undefined = undefined;
  get controller(): Controller | null | undefined {
    return this.#controller === null ? null : this.#controller?.deref();
  }
  set controller(value: Controller | null | undefined) {
    this.#controller = value == null ? value : new WeakRef(value);
  } // REPORT: back-reference unsafe
  constructor(readonly id: string) {}

  describe(): string {
    if (this.controller === undefined) return `${this.id}: never attached`;
    if (this.controller === null) return `${this.id}: detached`;
    return `${this.id}: in ${this.controller.name}`;
  }
}

export class Controller {
  private views = new Map<string, View>();
  constructor(readonly name: string) {}

  attach(view: View): void {
    view.controller = this;
    this.views.set(view.id, view);
  }

  detach(view: View): void {
    this.views.delete(view.id);
    view.controller = null;
  }
}
