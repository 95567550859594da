/**
 * listeners: event listeners, timers and observers that outlive their owner.
 * - `leaked-listener` (leaked-listener.ts): a listener on a longer-lived target never removed;
 * - `ineffective-removal` (ineffective-removal.ts): a removal given another function or capture;
 * - `leaked-timer` (leaked-timer.ts): a `setInterval` never cleared at the teardown;
 * - `leaked-observer` (leaked-observer.ts): a Resize/Mutation/Intersection/PerformanceObserver never disconnected;
 * - `dropped-subscription` (dropped-subscription.ts): an unsubscribe handle thrown away or never called.
 * `leaked-listener` also covers re-registration (reregistration.ts) and the temporary listeners
 * of async functions (temporary.ts).
 * Shared facts: calls.ts (what a registration is), owner.ts (owners and teardowns),
 * lifetime.ts (what outlives the owner), identity.ts (pairing by symbols), scope.ts (what the
 * teardown can name), cleanup.ts (paths to teardown and the edits there), removal.ts.
 */
import type { Applicability, Fix, Transform, TransformContext } from "../../engine/types.js";
import { lineOfNode } from "../util/ast.js";
import { cleanupEdits, type Plan } from "./cleanup.js";
import { collectFacts, type FileFacts } from "./facts.js";
import { checkListener } from "./leaked-listener.js";
import { checkRemoval } from "./ineffective-removal.js";
import { checkTimer } from "./leaked-timer.js";
import { checkObserver } from "./leaked-observer.js";
import { checkSubscription } from "./dropped-subscription.js";
import { checkTimerLoop } from "./timer-loop.js";
import { checkReregistration } from "./reregistration.js";
import { checkTemporary } from "./temporary.js";
import { withDefaultAction } from "./default-action.js";
import { listenersInfo } from "./kinds.js";
import { ownerScope } from "./owner.js";
import type { ts } from "../../engine/ts-morph.cjs";

const CHECKS: Array<(node: ts.Node, facts: FileFacts) => Plan | undefined> = [
  checkListener,
  checkRemoval,
  checkTimer,
  checkObserver,
  checkSubscription,
  checkTimerLoop,
  checkReregistration,
];

const CANDIDATE =
  /\b(addEventListener|on|addListener|prependListener|setInterval|ResizeObserver|MutationObserver|IntersectionObserver|PerformanceObserver|removeEventListener|off|removeListener|subscribe|watch|connect|setTimeout|requestAnimationFrame)\s*\(/;

export const listeners: Transform = {
  ...listenersInfo,
  prefilter: (text) => CANDIDATE.test(text),
  analyze(ctx) {
    const facts = collectFacts(ctx, ctx.project.config.longLived ?? []);
    const plans: Plan[] = [];
    for (const node of facts.calls) {
      const before = plans.length;
      for (const check of CHECKS) {
        const plan = check(node, facts);
        if (plan) plans.push(plan);
      }
      // Ex) `async function load(signal) { signal.addEventListener("abort", onAbort); await … }`
      const temporary = checkTemporary(node, facts, plans.length > before);
      if (temporary) plans.push(temporary);
    }
    // Ex) `client.on("error", this.log)`: removing it changes what a later error does: unsafe.
    reportPlans(
      ctx,
      plans.map((plan) => withDefaultAction(plan, facts)),
    );
  },
};

/**
 * Reports the plans. The cleanups of one owner all go to the same teardown, where separate
 * insertions would collide: every finding of that owner and tier carries the same fix, made of
 * all of them, which the engine applies once. With --unsafe, an owner's unsafe fix meets its
 * safe one at the teardown: the engine applies the safe one and reports the other as a conflict
 * for the next run.
 */
function reportPlans(ctx: TransformContext, plans: Plan[]): void {
  const sf = ctx.sourceFile;
  // One group per owner and tier: a safe finding's fix never carries an unsafe one's edits.
  const groups = new Map<ts.Node, Map<Applicability, Plan[]>>();
  for (const plan of plans) {
    if (!plan.fix?.owner) continue;
    const scope = ownerScope(plan.fix.owner);
    const byTier = groups.get(scope) ?? new Map<Applicability, Plan[]>();
    byTier.set(plan.applicability, [...(byTier.get(plan.applicability) ?? []), plan]);
    groups.set(scope, byTier);
  }
  const fixes = new Map<Plan, Fix>();
  for (const byTier of groups.values()) {
    for (const group of byTier.values()) {
      const fix = groupFix(group, sf);
      for (const plan of group) fixes.set(plan, fix);
    }
  }
  for (const plan of plans) {
    const { kind, node, applicability, message } = plan;
    const fix = plan.fix?.owner
      ? fixes.get(plan)
      : plan.fix && { description: plan.fix.description, edits: plan.fix.edits };
    ctx.report({ kind, node, applicability, message, ...(fix ? { fix } : {}) });
  }
}

function groupFix(group: Plan[], sf: ts.SourceFile): Fix {
  const fixes = group.map((p) => p.fix!);
  const owner = fixes[0]!.owner!;
  const edits = [
    // Fixes of one owner may share a statement or a field (one AbortController for several listeners).
    ...cleanupEdits(
      owner,
      [...new Set(fixes.flatMap((f) => f.cleanup))],
      [...new Set(fixes.flatMap((f) => f.fields))],
      sf,
    ),
    ...fixes.flatMap((f) => f.edits),
  ];
  if (group.length === 1) return { description: fixes[0]!.description, edits };
  const lines = group.map((p) => lineOfNode(sf, p.node)).join(", ");
  return {
    description: `${[...new Set(fixes.map((f) => f.description))].join("; ")} (lines ${lines}, one fix)`,
    edits,
  };
}
