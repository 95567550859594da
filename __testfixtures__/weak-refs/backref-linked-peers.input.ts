// Two instances of one class, made and linked by a third party (a static factory): peers, not an
// owner and its child. Each needs the other for as long as it is used: a WeakRef would drop it.
export class PipeEnd {
  private other?: PipeEnd; // OK: the same property both ways: peers
  private queue: string[] = [];

  static createLinkedPair(): [PipeEnd, PipeEnd] {
    const left = new PipeEnd();
    const right = new PipeEnd();
    left.other = right;
    right.other = left;
    return [left, right];
  }

  send(message: string): void {
    if (!this.other) throw new Error("Not connected");
    this.other.queue.push(message);
  }
}

// Two objects of different classes made and linked by a third party: nothing says which holds which.
export class Socket {
  session: Session | null = null; // OK: linked by a third party: peers
}
export class Session {
  socket: Socket | null = null;
}
export function connect(): Session {
  const socket = new Socket();
  const session = new Session();
  session.socket = socket;
  socket.session = session;
  return session;
}

// A doubly linked list: two instances of one class linked to each other.
export class ListNode {
  prev: ListNode | null = null; // OK: two instances of one class: peers
  next: ListNode | null = null;

  append(value: ListNode): void {
    const node = new ListNode();
    node.prev = this;
    this.next = node;
    void value;
  }
}
