// `new` makes a resource when the instance type its constructor declares may have a dispose
// member: declared by the class, inherited from a base or a mixin, or said by a constructor
// type. Where it declares none (the default library's globals that @types/node adds to, a class
// of a file that speaks of `Symbol.dispose` without declaring it), the local's type is not asked.

class Base {
  [Symbol.dispose](): void {}
}

export class Session extends Base {
  read(): string {
    return "session";
  }
}

type Constructor<T = object> = new (...args: any[]) => T;

function Disposing<B extends Constructor>(base: B) {
  return class extends base {
    [Symbol.dispose](): void {}
  };
}

export class Plain {
  name = "plain";
}

export class Pooled extends Disposing(Plain) {}

export declare const Handle: new (
  path: string,
) => Disposable & { read(): string };

// Inherited from its base class.
export function inherited(): string {
  using session = new Session(); // REPORT: finally-cleanup safe
  return session.read();
}

// From a mixin.
export function mixin(): string {
  using pooled = new Pooled(); // REPORT: finally-cleanup safe
  return pooled.name;
}

// A variable of a constructor type.
export function constructorType(path: string): string {
  using handle = new Handle(path); // REPORT: finally-cleanup safe
  return handle.read();
}

// Not resources: instance types without a dispose member, whatever the file says.
export function globals(text: string): number {
  const url = new URL(text);
  const bytes = new Uint8Array(8);
  const plain = new Plain();
  const params = new URLSearchParams(url.search);
  return url.href.length + bytes.length + plain.name.length + params.size;
}
