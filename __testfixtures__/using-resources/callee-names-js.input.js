// The callee-name sort in plain JavaScript: members assigned after the object was made (no
// declaration of their own), a member set in a constructor, a JSDoc-typed parameter, a getter,
// functions that declare no return type. Each must still be asked.

export class Handle {
  read() {
    return 1;
  }
  [Symbol.dispose]() {}
}

function makeHandle() {
  return new Handle();
}

export const tools = {};
tools.open = function () {
  return makeHandle();
};

export class Shop {
  constructor() {
    this.acquire = () => new Handle();
  }
  get lend() {
    return () => new Handle();
  }
}

/**
 * @param {Shop} shop
 * @param {() => Handle} make
 */
export function useAll(shop, make) {
  const a = tools.open(); // REPORT: unreleased-resource safe
  const b = shop.acquire(); // REPORT: unreleased-resource safe
  const c = shop.lend(); // REPORT: unreleased-resource safe
  const d = make(); // REPORT: unreleased-resource safe
  return a.read() + b.read() + c.read() + d.read();
}
