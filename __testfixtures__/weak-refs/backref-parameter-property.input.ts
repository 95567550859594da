export class TreeNode {
  children: TreeNode[] = [];

  constructor(
    public parent: TreeNode | null,
    readonly name: string,
  ) {
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
  constructor(
    private owner: Panel,
    label: string,
  ) {
    super(owner);
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
