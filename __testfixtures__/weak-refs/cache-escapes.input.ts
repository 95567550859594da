export interface Doc {
  title: string;
}

// Iterated, sized, exported, returned, passed on: a WeakMap cannot do what these do.
const iterated = new Map<Doc, number>(); // REPORT: object-keyed-cache manual
const sized = new Map<Doc, number>(); // REPORT: object-keyed-cache manual
export const exported = new Map<Doc, number>(); // REPORT: object-keyed-cache manual
const returned = new Set<Doc>(); // REPORT: object-keyed-cache manual
const passed = new Map<Doc, number>(); // REPORT: object-keyed-cache manual
// Cleared: it does not only grow, and WeakMap has no clear(): not touched, not reported.
const cleared = new Map<Doc, number>();

export function record(doc: Doc): void {
  iterated.set(doc, 1);
  sized.set(doc, 1);
  exported.set(doc, 1);
  returned.add(doc);
  passed.set(doc, 1);
  cleared.set(doc, 1);
}

export function report(): string[] {
  const lines: string[] = [];
  for (const [doc, n] of iterated) lines.push(`${doc.title}: ${n}`);
  lines.push(`sized: ${sized.size}`);
  inspect(passed);
  cleared.clear();
  return lines;
}

export function all(): Set<Doc> {
  return returned;
}

function inspect(m: Map<Doc, number>): void {
  console.log(m);
}
