export class Todo {
  list: TodoList; // REPORT: back-reference manual withdrawn

  constructor(
    list: TodoList,
    readonly text: string,
  ) {
    this.list = list;
    list.items.push(this);
  }

  position(): number {
    return this.list.items.indexOf(this);
  }
}

export class TodoList {
  items: Todo[] = [];
}
