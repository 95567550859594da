export class TreeNode {
  children: TreeNode[] = [];

  #parent: WeakRef<TreeNode> | undefined = undefined;
  public get parent(): TreeNode | null {
    return this.#parent?.deref() ?? null;
  }
  public set parent(value: TreeNode | null) {
    this.#parent = value ? new WeakRef(value) : undefined;
  }
  constructor(
    parent: TreeNode | null,
    readonly name: string,
  ) {
    this.parent = parent;
    parent?.children.push(this);
  }

  depth(): number {
    return this.parent ? this.parent.depth() + 1 : 0;
  }
}

class Widget {
  constructor(protected panel: Panel | undefined) {}
}

export class Button extends Widget {
  #owner: WeakRef<Panel> | undefined = undefined;
  private get owner(): Panel | undefined {
    return this.#owner?.deref();
  }
  private set owner(value: Panel) {
    this.#owner = new WeakRef(value);
  }
  constructor(owner: Panel, label: string) {
    super(owner);
    this.owner = owner;
    owner.buttons.set(label, this);
  }

  click(): string {
    return this.owner?.name ?? "detached";
  }
}

export class Panel {
  buttons = new Map<string, Button>();
  constructor(readonly name: string) {}
}
