/**
 * What the check of one resource returns, and the state it shares across a file.
 */

import { ts } from "ts-morph";
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
  removed: Set<ts.Statement>;
}
