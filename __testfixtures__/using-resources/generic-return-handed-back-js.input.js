// The generic-return rule in plain JavaScript (JSDoc types): a call declared to return its own
// type parameter hands back a value its arguments choose, not the caller's to release.

export class Connection {
  /** @param {string} sql */
  query(sql) {
    return sql.length;
  }
  [Symbol.dispose]() {}
}

export const container = {
  /**
   * @template T
   * @param {new () => T} token
   * @returns {T}
   */
  get(token) {
    return new token();
  },
};

/** @returns {Connection} */
function open() {
  return new Connection();
}

export function handler() {
  const db = container.get(Connection); // OK: `get<T>` returns its own type parameter: the container's service, handed back
  return db.query("select 1");
}

export function fresh() {
  const c = open(); // REPORT: unreleased-resource safe
  return c.query("y");
}
