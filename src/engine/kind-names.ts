/**
 * Names of finding kinds as users write them (suppressions, --rule, the baseline, the config): a
 * kind `weak-refs/back-reference` or a whole transform `weak-refs`.
 */
import { UserError } from "./errors.js";
import type { Finding } from "./types.js";
import type { TransformInfo } from "./kinds.js";

export class KindCatalogue {
  private readonly transformIds: Set<string>;
  private readonly kindIds: Set<string>;

  constructor(readonly transforms: readonly TransformInfo[]) {
    this.transformIds = new Set(transforms.map((t) => t.id));
    this.kindIds = new Set(transforms.flatMap((t) => t.kinds.map((k) => `${t.id}/${k.id}`)));
  }

  /** A transform id or a `transform/kind` id. */
  has(name: string): boolean {
    return this.transformIds.has(name) || this.kindIds.has(name);
  }

  /** Every `transform/kind` id the name covers. */
  expand(name: string): string[] {
    if (this.kindIds.has(name)) return [name];
    const t = this.transforms.find((x) => x.id === name);
    return t ? t.kinds.map((k) => `${t.id}/${k.id}`) : [];
  }

  /** Throws a UserError naming `where` for an unknown name. */
  check(name: string, where: string): void {
    if (!this.has(name)) throw new UserError(`${where}: unknown kind "${name}" (see leakmod rules)`);
  }

  get allKinds(): string[] {
    return [...this.kindIds];
  }
}

/** `--rule` / `--ignore-rule`: which kinds are reported. */
export interface KindSelection {
  /** Only these (kinds or transforms); all when empty. */
  select: string[];
  /** Never these. */
  ignore: string[];
}

export function findingRuleId(f: Pick<Finding, "rule" | "kind">): string {
  return `${f.rule}/${f.kind}`;
}
