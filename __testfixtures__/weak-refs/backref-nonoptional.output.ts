export class Todo {
  #list: WeakRef<TodoList> | undefined = undefined;
  get list(): TodoList | undefined {
    return this.#list?.deref();
  }
  set list(value: TodoList) {
    this.#list = new WeakRef(value);
  } // REPORT: back-reference unsafe
  done = false;

  constructor(
    list: TodoList,
    readonly text: string,
  ) {
    this.list = list;
    list.items.push(this);
  }

  toggle(): boolean {
    this.done = !this.done;
    return this.done;
  }
}

export class TodoList {
  items: Todo[] = [];
  remaining(): number {
    return this.items.filter((t) => !t.done).length;
  }
}
