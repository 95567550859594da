/**
 * listeners: event listeners, timers and observers that outlive their owner.
 * - `leaked-listener` (leaked-listener.ts): a listener on a longer-lived target never removed;
 * Shared facts: calls.ts (what a registration is), owner.ts (owners and teardowns),
 * lifetime.ts (what outlives the owner), identity.ts (pairing by symbols), scope.ts (what the
 * teardown can name), cleanup.ts (paths to teardown and the edits there), removal.ts.
 */
import type { TextEdit, Transform, TransformContext } from "../../engine/types.js";
import { lineOfNode } from "../util/ast.js";
import { cleanupEdits, type Plan } from "./cleanup.js";
import { collectFacts, type FileFacts } from "./facts.js";
import { checkListener } from "./leaked-listener.js";
import { listenersInfo } from "./kinds.js";
import { ownerScope } from "./owner.js";
import type { ts } from "ts-morph";

const CHECKS: Array<(node: ts.Node, facts: FileFacts) => Plan | undefined> = [checkListener];

const CANDIDATE =
  /\b(addEventListener|on|addListener|prependListener|setInterval|ResizeObserver|MutationObserver|IntersectionObserver|PerformanceObserver|removeEventListener|off|removeListener)\s*\(/;

export const listeners: Transform = {
  ...listenersInfo,
  prefilter: (text) => CANDIDATE.test(text),
  analyze(ctx) {
    const facts = collectFacts(ctx, ctx.project.config.longLived ?? []);
    const plans: Plan[] = [];
    for (const node of facts.calls) {
      for (const check of CHECKS) {
        const plan = check(node, facts);
        if (plan) plans.push(plan);
      }
    }
    reportPlans(ctx, plans);
  },
};

/**
 * Reports the plans. The fixable plans of one owner and kind become one finding with one fix:
 * their cleanups all go to the same teardown, where separate insertions would collide.
 */
function reportPlans(ctx: TransformContext, plans: Plan[]): void {
  const sf = ctx.sourceFile;
  const groups = new Map<string, Plan[]>();
  const scopes = new Map<ts.Node, number>();
  for (const plan of plans) {
    if (!plan.fix) continue;
    const scope = ownerScope(plan.fix.owner);
    if (!scopes.has(scope)) scopes.set(scope, scopes.size);
    const key = `${scopes.get(scope)}:${plan.kind.id}`;
    groups.set(key, [...(groups.get(key) ?? []), plan]);
  }
  for (const plan of plans) {
    const { kind, node, applicability } = plan;
    if (!plan.fix) {
      ctx.report({ kind, node, applicability, message: plan.message });
      continue;
    }
    const group = groups.get(`${scopes.get(ownerScope(plan.fix.owner))}:${plan.kind.id}`)!;
    if (group[0] !== plan) continue;
    ctx.report({ kind, node, applicability, message: groupMessage(group, sf), fix: groupFix(group, sf) });
  }
}

/** One plan's message, or the first one's followed by the lines of the others. */
function groupMessage(group: Plan[], sf: ts.SourceFile): string {
  if (group.length === 1) return group[0]!.message;
  const others = group.slice(1).map((p) => `line ${lineOfNode(sf, p.node)}: ${p.message}`);
  return `${group[0]!.message} Also ${others.join(" Also ")}`;
}

function groupFix(group: Plan[], sf: ts.SourceFile): { description: string; edits: TextEdit[] } {
  const fixes = group.map((p) => p.fix!);
  const owner = fixes[0]!.owner;
  const edits = [
    ...cleanupEdits(
      owner,
      fixes.flatMap((f) => f.cleanup),
      fixes.flatMap((f) => f.fields),
      sf,
    ),
    ...fixes.flatMap((f) => f.edits),
  ];
  const more = group.length > 1 ? ` (and ${group.length - 1} more of the same owner)` : "";
  return { description: `${fixes[0]!.description}${more}`, edits };
}
