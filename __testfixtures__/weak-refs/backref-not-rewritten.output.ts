function tracked<T>(_value: undefined, _context: ClassFieldDecoratorContext<unknown, T>): void {}

export class Frozen {
  readonly owner: Registry; // REPORT: back-reference manual
  constructor(owner: Registry) {
    this.owner = owner;
    owner.frozen.push(this);
  }
}

export class Ambient {
  declare owner: Registry; // REPORT: back-reference manual
  attach(owner: Registry): void {
    this.owner = owner;
    owner.ambient.push(this);
  }
}

export class Decorated {
  @tracked owner: Registry | null = null; // REPORT: back-reference manual
  attach(owner: Registry): void {
    this.owner = owner;
    owner.decorated.push(this);
  }
}

export class WithAccessor {
  #owner: Registry | null = null;
  get owner(): Registry | null { // REPORT: back-reference manual
    return this.#owner;
  }
  set owner(value: Registry | null) {
    this.#owner = value;
  }
  attach(owner: Registry): void {
    this.owner = owner;
    owner.accessors.push(this);
  }
}

export class Defaulted {
  owner: Registry | null = Registry.global; // REPORT: back-reference manual
  attach(owner: Registry): void {
    this.owner = owner;
    owner.defaulted.push(this);
  }
}

export class Registry {
  static global = new Registry();
  frozen: Frozen[] = [];
  ambient: Ambient[] = [];
  decorated: Decorated[] = [];
  accessors: WithAccessor[] = [];
  defaulted: Defaulted[] = [];
}
