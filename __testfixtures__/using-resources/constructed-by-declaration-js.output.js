// `new` makes a resource when the instance type its constructor declares may have a dispose
// member: declared by the class, inherited from a base or a mixin. Where it declares none (the
// default library's globals that @types/node adds to, a class of a file that speaks of
// `Symbol.dispose` without declaring it), the local's type is not asked.

class Base {
  [Symbol.dispose]() {}
}

export class Session extends Base {
  read() {
    return "session";
  }
}

/**
 * @template {new (...args: any[]) => object} B
 * @param {B} base
 */
function Disposing(base) {
  return class extends base {
    [Symbol.dispose]() {}
  };
}

export class Plain {
  name = "plain";
}

export class Pooled extends Disposing(Plain) {}

// Inherited from its base class.
export function inherited() {
  using session = new Session(); // REPORT: finally-cleanup safe
  return session.read();
}

// From a mixin.
export function mixin() {
  using pooled = new Pooled(); // REPORT: finally-cleanup safe
  return pooled.name;
}

// Not resources: instance types without a dispose member, whatever the file says.
/** @param {string} text */
export function globals(text) {
  const url = new URL(text);
  const bytes = new Uint8Array(8);
  const plain = new Plain();
  const params = new URLSearchParams(url.search);
  return url.href.length + bytes.length + plain.name.length + params.size;
}
