/**
 * Text edits: merging the fixes of one file (overlaps rejected, never silently dropped) and
 * applying them once.
 */
import type { TextEdit } from "./types.js";

/** Two edits conflict when their ranges intersect, or when both insert at the same point. */
export function editsOverlap(a: TextEdit, b: TextEdit): boolean {
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  return a.start < b.end && b.start < a.end;
}

export function sortEdits(edits: readonly TextEdit[]): TextEdit[] {
  return [...edits].sort((x, y) => x.start - y.start || x.end - y.end);
}

/** Checks that a fix's own edits are well formed and do not overlap each other. */
export function validateEdits(edits: readonly TextEdit[], textLength: number): string | undefined {
  const sorted = sortEdits(edits);
  for (let i = 0; i < sorted.length; i++) {
    const e = sorted[i];
    if (!(
      Number.isInteger(e.start) &&
      Number.isInteger(e.end) &&
      0 <= e.start &&
      e.start <= e.end &&
      e.end <= textLength
    )) {
      return `edit range ${e.start}-${e.end} is outside the file`;
    }
    if (i > 0 && editsOverlap(sorted[i - 1], e)) return `the fix's own edits overlap at offset ${e.start}`;
  }
  return undefined;
}

export interface AppliedEdits {
  text: string;
  /** Ranges of the new text that edits produced (inserted text, or the point of a deletion). */
  touched: Array<{ start: number; end: number }>;
}

/** Applies non-overlapping edits to `text`. */
export function applyEdits(text: string, edits: readonly TextEdit[]): AppliedEdits {
  const sorted = sortEdits(edits);
  let out = "";
  let last = 0;
  const touched: Array<{ start: number; end: number }> = [];
  for (const e of sorted) {
    out += text.slice(last, e.start);
    const start = out.length;
    out += e.newText;
    touched.push({ start, end: out.length });
    last = e.end;
  }
  out += text.slice(last);
  return { text: out, touched };
}

/**
 * Picks, in order, the groups of edits (one group per fix) that do not overlap any group picked
 * before. Returns the indices of the accepted groups and, for each rejected one, the index of
 * the group it collided with.
 */
export function pickNonOverlapping(groups: ReadonlyArray<readonly TextEdit[]>): {
  accepted: number[];
  rejected: Array<{ index: number; conflictsWith: number }>;
} {
  const accepted: number[] = [];
  const rejected: Array<{ index: number; conflictsWith: number }> = [];
  const taken: Array<{ edit: TextEdit; group: number }> = [];
  groups.forEach((group, index) => {
    for (const edit of group) {
      const hit = taken.find((t) => editsOverlap(t.edit, edit));
      if (hit) {
        rejected.push({ index, conflictsWith: hit.group });
        return;
      }
    }
    for (const edit of group) taken.push({ edit, group: index });
    accepted.push(index);
  });
  return { accepted, rejected };
}
