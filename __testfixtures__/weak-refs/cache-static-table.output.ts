// A fixed lookup table keyed by objects: built once, never grown, so not a leak.
const lax = /[a-z]+/;
const strict = /^[a-z]+$/;
const exact: Map<RegExp, RegExp> = new Map([[lax, strict]]);

export function exactPattern(p: RegExp): RegExp {
  return exact.get(p) ?? p;
}
