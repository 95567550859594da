// One declarator of a statement of several, under a JSDoc tag: the tag (`@internal`,
// `@deprecated`) is the whole statement's, and moving the declarator would leave it behind, so
// leakmod does not move it. A JSDoc comment without a tag (an inline `{@link}` is none) is no
// reason to stay. The comment is read as text: as in TypeScript, whose JSDoc is not parsed.

/** @internal */
let entries = [], // REPORT: accumulating-global manual
  count = 0;

export function record(s) {
  count += 1;
  entries.push(s);
  return count;
}

/** Rows of the report, see {@link report}. */
let n = 0;

export function report(s) {
  n += 1;
  const rows = [];
  rows.push(s);
  return n;
}
