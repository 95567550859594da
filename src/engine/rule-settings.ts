/**
 * Which finding kinds are on, and how far their fixes may go, for each file: the `rules`,
 * `ignore` and `overrides` of leakmod.config.json (or package.json's "leakmod" key), then
 * `--rule` / `--ignore-rule`, which win.
 *
 * For a kind in a file: `rules` (the transform's entry, then the kind's own), then each override
 * whose `files` match, in order (the same way); then `--rule`, when given, decides which kinds
 * are on, and `--ignore-rule` turns kinds off. `{ "fix": tier }` keeps the kind on and caps its
 * fixes' tier: it can only lower it (a safe fix becomes unsafe or manual), never raise it.
 */
import path from "node:path";
import ignore, { type Ignore } from "ignore";
import { toPosix } from "./files.js";
import type { KindCatalogue, KindSelection } from "./kind-names.js";
import type { Applicability, Finding } from "./types.js";

export type RuleSetting = "on" | "off" | { fix: Applicability };

export interface RulesConfig {
  rules?: Record<string, RuleSetting> | undefined;
  ignore?: string[] | undefined;
  overrides?: Array<{ files: string[]; rules: Record<string, RuleSetting> }> | undefined;
}

interface State {
  on: boolean;
  cap?: Applicability;
}

const RANK: Record<Applicability, number> = { safe: 0, unsafe: 1, manual: 2 };

function applyEntries(state: State, ruleId: string, rules: Record<string, RuleSetting> | undefined): State {
  if (!rules) return state;
  let s = state;
  for (const name of [ruleId.split("/")[0], ruleId]) {
    const v = rules[name];
    if (v === undefined) continue;
    if (v === "off") s = { on: false };
    else if (v === "on") s = { ...s, on: true };
    else s = { on: true, cap: v.fix };
  }
  return s;
}

export class RuleSettings {
  private readonly ignoreMatcher: Ignore | undefined;
  private readonly overrides: Array<{ match: Ignore; rules: Record<string, RuleSetting> }>;
  private readonly selected: Set<string> | undefined;
  private readonly ignoredByCli: Set<string>;
  private readonly cache = new Map<string, State>();

  constructor(
    private readonly catalogue: KindCatalogue,
    private readonly config: RulesConfig,
    cli: KindSelection,
    private readonly root: string,
  ) {
    for (const n of cli.select) catalogue.check(n, "--rule");
    for (const n of cli.ignore) catalogue.check(n, "--ignore-rule");
    this.selected = cli.select.length > 0 ? new Set(cli.select.flatMap((n) => catalogue.expand(n))) : undefined;
    this.ignoredByCli = new Set(cli.ignore.flatMap((n) => catalogue.expand(n)));
    this.ignoreMatcher = config.ignore && config.ignore.length > 0 ? ignore().add(config.ignore) : undefined;
    this.overrides = (config.overrides ?? []).map((o) => ({ match: ignore().add(o.files), rules: o.rules }));
  }

  private relative(file: string): string | undefined {
    const rel = toPosix(path.relative(this.root, file));
    return rel === "" || rel.startsWith("../") || path.isAbsolute(rel) ? undefined : rel;
  }

  /** Whether `ignore` excludes the file. */
  ignored(file: string): boolean {
    const rel = this.relative(file);
    return rel !== undefined && this.ignoreMatcher !== undefined && this.ignoreMatcher.ignores(rel);
  }

  private state(ruleId: string, file: string | undefined): State {
    const key = `${ruleId}\0${file ?? ""}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    let s = applyEntries({ on: true }, ruleId, this.config.rules);
    const rel = file !== undefined ? this.relative(file) : undefined;
    if (rel !== undefined)
      for (const o of this.overrides) if (o.match.ignores(rel)) s = applyEntries(s, ruleId, o.rules);
    if (this.selected) s = this.selected.has(ruleId) ? { ...s, on: true } : { on: false };
    if (this.ignoredByCli.has(ruleId)) s = { on: false };
    this.cache.set(key, s);
    return s;
  }

  /** Whether kind `ruleId` is reported in `file`. */
  enabled(ruleId: string, file: string): boolean {
    return this.state(ruleId, file).on;
  }

  /** Whether kind `ruleId` may be on in some file (its transform must run). */
  maybeEnabled(ruleId: string): boolean {
    if (this.selected && !this.selected.has(ruleId)) return false;
    if (this.ignoredByCli.has(ruleId)) return false;
    if (this.state(ruleId, undefined).on) return true;
    return this.overrides.some((o) => applyEntries({ on: false }, ruleId, o.rules).on);
  }

  /** The finding with its fix's tier capped as configured for its kind and file. */
  capped(f: Finding): Finding {
    const cap = this.state(`${f.rule}/${f.kind}`, f.file).cap;
    if (!cap || !f.fix || RANK[cap] <= RANK[f.applicability]) return f;
    return {
      ...f,
      applicability: cap,
      ...(cap === "manual" ? { fixNote: "manual by the configuration's rules" } : {}),
    };
  }

  get allKinds(): string[] {
    return this.catalogue.allKinds;
  }
}
