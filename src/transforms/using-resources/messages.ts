/**
 * Pieces of the findings' messages.
 */

import { ts } from "../../engine/ts-morph.cjs";
import { lineOfNode } from "../util/ast.js";
import type { Cleanup } from "./uses.js";

export function shortText(sf: ts.SourceFile, node: ts.Node, max = 40): string {
  const text = node.getText(sf).replace(/\s+/g, " ");
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** `fs.closeSync(fd)`, `await fh.close()`, on one line. */
export function releaseText(sf: ts.SourceFile, c: Cleanup): string {
  return shortText(sf, c.call, 60).replace(/^/, c.awaited ? "await " : "");
}

export function notRewritten(blocker: string): string {
  return ` Not rewritten: ${blocker}.`;
}

export function exitNote(sf: ts.SourceFile, exits: readonly Cleanup[]): string {
  const lines = exits.map((x) => lineOfNode(sf, x.call)).join(", ");
  return exits.length > 1
    ? `The releases before a \`return\`/\`throw\` (lines ${lines}) go too: leaving the block releases it there.`
    : `The release before a \`return\`/\`throw\` (line ${lines}) goes too: leaving the block releases it there.`;
}
