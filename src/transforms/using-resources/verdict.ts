/**
 * What the check of one resource returns, and the state it shares across a file.
 */

import { ts } from "../../engine/ts-morph.cjs";
import type { Applicability, FindingKind } from "../../engine/types.js";
import type { ResourceFactory } from "./resources.js";
import type { FixPlan } from "./edits.js";

export interface Verdict {
  kind: FindingKind;
  applicability: Applicability;
  message: string;
  plan?: FixPlan;
  /** Fix description. */
  description?: string;
}

export interface FileState {
  factories: readonly ResourceFactory[];
  blocker: string | undefined;
  taken: Map<ts.Node, Set<string>>;
  /** Cleanup statements that earlier fixes in this file remove (happy-path releases). */
  removed: RemovedReleases;
}

/**
 * The releases that earlier safe fixes of this file delete, by the resource whose fix deletes
 * them. A judgement that reads one (a release it no longer counts between two statements)
 * depends on that fix: `taken()` names the resources it read, and the file's report carries
 * their edits in its fix, so no fix assumes that another one lands.
 */
export class RemovedReleases {
  readonly #by = new Map<ts.Statement, object>();
  #read = new Set<object>();

  /** Ex) `fs.closeSync(fa);` deleted by the fix that declares `fa` with `using`. */
  add(statement: ts.Statement, by: object): void {
    this.#by.set(statement, by);
  }

  has(statement: ts.Statement): boolean {
    const by = this.#by.get(statement);
    if (by !== undefined) this.#read.add(by);
    return by !== undefined;
  }

  /** The resources whose deletions were read since the last call. */
  taken(): Set<object> {
    const read = this.#read;
    this.#read = new Set();
    return read;
  }
}
