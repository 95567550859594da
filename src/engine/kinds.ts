/**
 * Finding kinds: each kind a transform can report is declared once, as a `FindingKind` object,
 * in its transform's `kinds.ts`. Everything user-facing about a kind comes from that object:
 * `leakmod rules`, the SARIF rules, the case tables of docs/*.md (`npm run docs`), and the
 * example that test/kinds.test.ts runs through the transform.
 *
 * Kind modules import nothing at run time but this file and zod (for config keys): `leakmod
 * rules` and `--help` can list the kinds without loading the compiler.
 */
import type { ZodType } from "zod";

/**
 * How far a fix can be trusted (Ruff's and Biome's fix applicability), in order from the most
 * to the least fixable.
 * - `safe`: behaviour-preserving except that memory or resources are released earlier; applied by default.
 * - `unsafe`: fixes the leak by changing behaviour in a narrow, explained way; applied only with `--unsafe`.
 * - `manual`: reported with advice, never rewritten.
 */
export type Applicability = "safe" | "unsafe" | "manual";

/** Every tier, from the most fixable to the least (the order of `--fail-on`). */
export const APPLICABILITIES: readonly Applicability[] = ["safe", "unsafe", "manual"];

/** One row of a kind's case table (docs/<transform>.md): a shape, what leakmod does, why. */
export interface KindCase {
  /** The shape of code, Markdown. */
  shape: string;
  /** Its tier, or `not reported` for a case the kind deliberately skips. */
  tier: Applicability | "not reported";
  /** Why, Markdown. */
  why: string;
  /** The advice the finding prints, when the table has that column. */
  advice?: string;
}

export interface FindingKind {
  /** The transform that reports it, e.g. `weak-refs`. */
  readonly transform: string;
  /** Kind id within the transform, e.g. `object-keyed-cache`. */
  readonly id: string;
  /** One line. */
  readonly title: string;
  /** Longer help text (SARIF `help`, `leakmod rules`): why it leaks, what the fix does. */
  readonly help: string;
  /** Tiers a finding of this kind can have; the engine rejects a finding with any other. */
  readonly applicabilities: readonly Applicability[];
  /**
   * Code the kind reports, and what the transform makes of it (the same text for a kind that
   * is only reported). test/kinds.test.ts runs `before` through the transform (with `--unsafe`
   * when `applicability` is `unsafe`) and expects `after`.
   */
  readonly example: { before: string; after: string; applicability: Applicability };
  /** Every case the kind reports or skips, in the order its check tests them. */
  readonly cases: readonly KindCase[];
  /** Extra columns' heading for `cases` (`advice printed`), when the docs table has one. */
  readonly adviceColumn?: string;
  /**
   * `leak` (the default): something stays alive or open on some path. `modernize`: the code
   * already releases it on every path and the fix only writes that in a newer form (a
   * `try`/`finally` becoming `using`). Modernisations are reported apart, not counted as
   * leaks, and not counted by `--fail-on` unless the user asks (`--modernize fail`).
   */
  readonly category?: "leak" | "modernize";
}

/** Declares a finding kind (frozen, so nothing changes it after the registry reads it). */
export function defineKind(kind: FindingKind): FindingKind {
  if (!kind.applicabilities.includes(kind.example.applicability)) {
    throw new Error(`${kind.transform}/${kind.id}: the example's tier is not one of the kind's`);
  }
  return Object.freeze({ ...kind });
}

/** `weak-refs/object-keyed-cache`: the id reports and SARIF show. */
export function ruleIdOf(kind: FindingKind): string {
  return `${kind.transform}/${kind.id}`;
}

/** What `leakmod rules`, SARIF and the docs need to know about a transform, without its analysis. */
export interface TransformInfo {
  readonly id: string;
  /** One line. */
  readonly description: string;
  readonly kinds: readonly FindingKind[];
  /**
   * The keys the transform owns in `leakmod.config.json`, as zod schemas (`{}` when none): they
   * are validated, typed (`ProjectFacts.config`) and put in the JSON Schema from here. A function,
   * called only when a configuration is read, so that a run without one never loads zod
   * (src/engine/zod.ts).
   */
  readonly config: () => Readonly<Record<string, ZodType>>;
}
