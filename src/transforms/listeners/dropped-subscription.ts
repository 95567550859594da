/**
 * ## What it does
 * Finds the handle that undoes a subscription (the result of `subscribe(…)`, `on(…)`,
 * `watch(…)` or `connect(…)` whose type has `unsubscribe()`, `dispose()`, `remove()` or
 * `[Symbol.dispose]()`, or is a `() => void`) thrown away, or kept and never called, by an owner
 * with a teardown (a class's `dispose()`/`ngOnDestroy()`…, a React effect's cleanup), when the
 * source outlives the owner.
 *
 * ## Why is this bad?
 * The source keeps the callback, and the owner through it, for as long as the source lives: a
 * destroyed component stays in memory and keeps reacting to every value or event.
 *
 * ## Example
 * ```ts
 * class Badge {
 *   constructor(store: Store) { store.subscribe(() => this.render()); }
 *   dispose() {}
 * }
 * ```
 * Use instead:
 * ```ts
 * class Badge {
 *   private subscription?: { unsubscribe(): void };
 *   constructor(store: Store) { this.subscription = store.subscribe(() => this.render()); }
 *   dispose() { this.subscription?.unsubscribe(); }
 * }
 * ```
 *
 * ## Fix safety
 * Safe: the handle is kept in a field (a class) or a constant (an effect) and called at the
 * teardown; nothing changes before it. Manual when the handle is a local of a class method, the
 * class has no teardown of its own, the effect returns early, or a thrown-away handle may be made
 * more than once per set-up (outside the constructor, a field or a framework set-up, or in a loop
 * or a callback there), where one new field would keep only the last handle. Not reported: a method that
 * returns its receiver (`emitter.on(…)` chaining), a source the owner owns or whose lifetime is
 * unknown (`this.subject`, `http.get(…)`), an RxJS pipe with a completing operator (`take`,
 * `first`, `takeUntil`, `takeUntilDestroyed`…), a handle called, handed on or returned anywhere
 * in the owner, top-level code and plain functions.
 */
import { ts } from "../../engine/ts-morph.cjs";
import { callableWithoutArguments, climbOuterExpressions } from "../util/ast.js";
import { asRegistration } from "./calls.js";
import { whyNoCleanup, type Plan } from "./cleanup.js";
import type { FileFacts } from "./facts.js";
import {
  freeMemberName,
  handleFate,
  handleOf,
  handleScope,
  handleUses,
  handleStatement,
  isEffectStatement,
  isPrivateField,
  keepHandleEdits,
  type Handle,
} from "./handles.js";
import { skipOuter } from "./identity.js";
import { droppedSubscription } from "./kinds.js";
import { targetLifetime } from "./lifetime.js";
import { FRAMEWORK_SETUPS, memberName, ownerOf, type ClassOwner, type Owner } from "./owner.js";
import { freshName, teardownName } from "./removal.js";

/** Methods whose result may be a handle that undoes what they did. */
const SUBSCRIBERS = new Set(["subscribe", "on", "watch", "connect"]);

/** RxJS operators after which a subscription ends by itself (or at the owner's destruction). */
const COMPLETERS = new Set([
  "take",
  "first",
  "last",
  "single",
  "takeUntil",
  "takeWhile",
  "takeUntilDestroyed",
  "untilDestroyed",
  "takeLast",
  "elementAt",
  "find",
  "findIndex",
  "toArray",
  "count",
  "reduce",
  "every",
  "isEmpty",
  "timeout",
]);

/** How a handle is undone: one of its methods, or a call of the handle itself. */
type Release = { kind: "method"; name: "unsubscribe" | "dispose" | "remove" } | { kind: "call" } | { kind: "symbol" };

/** The finding for a subscription at `node`, if its handle is dropped or never called. */
export function checkSubscription(node: ts.Node, facts: FileFacts): Plan | undefined {
  // Ex) `store.subscribe(cb)`, `bus.on("change", cb)`, `config.watch(cb)`, `signal.connect(cb)`
  if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return undefined;
  if (!SUBSCRIBERS.has(node.expression.name.text)) return undefined;
  // Ex) `process.on("exit", f)`: a listener registration, `leaked-listener`'s
  if (asRegistration(node, facts.checker)) return undefined;
  // Ex) top-level `store.subscribe(log)` (lives as long as the program), a plain function
  const owner = ownerOf(node, facts.checker);
  if (!owner) return undefined;
  // Ex) a class no teardown is ever called on; a subscription made by the teardown itself
  if (owner.kind === "class" && !owner.teardown && !owner.expectedTeardown) return undefined;
  if (owner.kind === "class" && owner.member === owner.teardown) return undefined;
  const { source, operators } = sourceOf(node.expression.expression);
  // Ex) `source.pipe(map(f), takeUntil(this.destroyed$)).subscribe(…)`: ends by itself
  if (operators.some((op) => COMPLETERS.has(op))) return undefined;
  // Ex) `this.changes.subscribe(…)` with `changes = new Subject()`: dies with the owner;
  // `http.get(url).subscribe(…)`, `this.a.b.subscribe(…)`: lifetime unknown
  const lifetime = targetLifetime(source, owner, facts);
  if (lifetime === "owned" || lifetime === "unknown") return undefined;
  const handle = handleOf(node);
  // Ex) `return store.subscribe(cb)`, `this.subs.add(store.subscribe(cb))`: someone else keeps it
  if (handle.kind === "other") return undefined;
  // Ex) `using sub = store.subscribe(cb)`: disposed at the end of its scope
  if (handle.kind === "local" && isUsing(handle.declaration)) return undefined;
  // Ex) `protected sub`, a public field: a subclass or another file may undo it
  if (handle.kind === "field" && owner.kind === "class" && !isPrivateField(owner.cls, handle.name)) return undefined;
  // Asked after the checks above, which need no types: the call's type is the costly question.
  const release = releaseOf(node, facts.checker);
  // Ex) `emitter.on(…)` returning the emitter (chaining), `server.connect(t)` returning a promise
  if (!release) return undefined;
  // Ex) `this.sub.unsubscribe()`, `stop()`, `disposables.push(this.sub)` in the owner
  if (fateOf(handle, handleScope(owner), facts) !== "kept") return undefined;
  const plan = planFor(node, release, handle, owner, facts);
  // Ex) `constructor(private socket: Socket) { socket.connect(cb) }`: a wrapper of what it was
  // handed, which may die with it: reported only where the fix is safe
  if (lifetime === "handed-in" && plan.applicability !== "safe") return undefined;
  return plan;
}

/**
 * How the call's result undoes the subscription, when it is such a handle.
 * Not Ex) the receiver itself (`on` that chains), a promise, an `EventTarget` (`remove()` of an element).
 */
function releaseOf(call: ts.CallExpression, checker: ts.TypeChecker): Release | undefined {
  const type = checker.getTypeAtLocation(call);
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.Never)) return undefined;
  if (type.isUnion() || type.isIntersection()) return undefined;
  const receiver = checker.getTypeAtLocation((call.expression as ts.PropertyAccessExpression).expression);
  if (type === receiver || checker.isTypeAssignableTo(receiver, type)) return undefined;
  if (["then", "addEventListener", "emit"].some((n) => checker.getPropertyOfType(type, n))) return undefined;
  for (const name of ["unsubscribe", "dispose", "remove"] as const) {
    const prop = checker.getPropertyOfType(type, name);
    if (prop && callableWithoutArguments(checker.getTypeOfSymbolAtLocation(prop, call))) {
      return { kind: "method", name };
    }
  }
  if (type.getProperties().some((p) => p.escapedName.toString().startsWith("__@dispose@"))) return { kind: "symbol" };
  // Ex) `const stop = config.watch(cb)` typed `() => void`
  if (type.getProperties().length === 0 && callableWithoutArguments(type)) {
    const returns = type.getCallSignatures().map((s) => s.getReturnType());
    if (returns.every((r) => r.flags & (ts.TypeFlags.Void | ts.TypeFlags.Undefined))) return { kind: "call" };
  }
  return undefined;
}

/** Ex) `store.state$.pipe(map(f), filter(g))` → `store.state$` and `["map", "filter"]`. */
function sourceOf(receiver: ts.Expression): { source: ts.Expression; operators: string[] } {
  const operators: string[] = [];
  let e = skipOuter(receiver);
  while (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === "pipe") {
    for (const arg of e.arguments) {
      const callee = ts.isCallExpression(arg) ? arg.expression : arg;
      const name = ts.isIdentifier(callee)
        ? callee.text
        : ts.isPropertyAccessExpression(callee)
          ? callee.name.text
          : "?";
      operators.push(name);
    }
    e = skipOuter(e.expression.expression);
  }
  return { source: e, operators };
}

function isUsing(decl: ts.VariableDeclaration): boolean {
  return ts.isVariableDeclarationList(decl.parent) && (decl.parent.flags & ts.NodeFlags.Using) !== 0;
}

/** `released` also when the handle itself is called (`stop()`, `this.unsubscribe()`). */
function fateOf(handle: Handle, scope: ts.Node, facts: FileFacts): "released" | "handed-on" | "kept" {
  for (const use of handleUses(handle, scope)) {
    const outer = climbOuterExpressions(use);
    if (ts.isCallExpression(outer.parent) && outer.parent.expression === outer) return "released";
    // Ex) `sub[Symbol.dispose]()`
    if (ts.isElementAccessExpression(outer.parent) && outer.parent.expression === outer) return "released";
  }
  return handleFate(handle, scope, facts, { functions: [], methods: ["unsubscribe", "dispose", "remove"] });
}

/**
 * Why the call may run more than once between the owner's set-up and its teardown, if it may: it
 * is not in the constructor, a field's initialiser or a framework set-up paired with the teardown
 * (`connectedCallback`, `ngOnInit`…), or it sits in a loop or a callback there.
 */
function mayRepeat(call: ts.CallExpression, owner: ClassOwner): string | undefined {
  const member = owner.member;
  const name = memberName(member) ?? "this member";
  const once =
    ts.isConstructorDeclaration(member) ||
    ts.isPropertyDeclaration(member) ||
    (ts.isMethodDeclaration(member) && FRAMEWORK_SETUPS[name] !== undefined);
  if (!once) return `it runs whenever \`${name}\` is called, which may be more than once per instance`;
  for (let n: ts.Node = call.parent; n !== member; n = n.parent) {
    if (ts.isFunctionLike(n)) return "it runs in a callback, which may be called more than once";
    if (ts.isIterationStatement(n, false)) return "it runs in a loop";
  }
  return undefined;
}

function releaseText(ref: string, release: Release, optional: boolean): string | undefined {
  const q = optional ? "?." : "";
  if (release.kind === "method") return `${ref}${optional ? "?." : "."}${release.name}();`;
  if (release.kind === "call") return `${ref}${q}();`;
  return undefined;
}

function fieldType(release: Release): string | undefined {
  if (release.kind === "method") return `{ ${release.name}(): void }`;
  if (release.kind === "call") return "() => void";
  return undefined;
}

function planFor(call: ts.CallExpression, release: Release, handle: Handle, owner: Owner, facts: FileFacts): Plan {
  const where = teardownName(owner);
  const message = subscriptionMessage(call, release, handle, owner, facts);
  const manual = (advice: string): Plan => ({
    kind: droppedSubscription,
    node: call,
    message: `${message} ${advice}`,
    applicability: "manual",
  });
  const missing = whyNoCleanup(owner);
  if (missing) return manual(`It cannot be undone automatically: ${missing}. Keep the handle and undo it in ${where}.`);
  if (owner.kind === "class") return classPlan(call, release, handle, owner, facts, { message, manual });
  // Ex) `useEffect(() => { if (on) { const off = bus.subscribe(…) } })`: the cleanup cannot see it
  const statement = handleStatement(handle);
  if (!statement || !isEffectStatement(statement, owner))
    return manual(
      owner.sibling
        ? `Keep the handle in a variable of the setup and undo it in ${where}.`
        : `Keep the handle in a constant of the effect and undo it in the cleanup the effect returns.`,
    );
  const name =
    handle.kind === "local"
      ? handle.name
      : freshName(release.kind === "call" ? "unsubscribe" : "subscription", call, facts);
  const undo = releaseText(name, release, false);
  if (!undo) return manual(`Undo it in the cleanup the effect returns.`);
  return {
    kind: droppedSubscription,
    node: call,
    message,
    applicability: "safe",
    fix: {
      description: `Undo the subscription in ${where}`,
      owner,
      cleanup: [undo],
      fields: [],
      edits: keepHandleEdits(handle, call, facts.sf, `const ${name} = `),
    },
  };
}

/** Ex) "`bus` keeps this subscription's callback, and `View` through it, after `dispose()`: its handle (undone by `unsubscribe()`) is thrown away." */
function subscriptionMessage(
  call: ts.CallExpression,
  release: Release,
  handle: Handle,
  owner: Owner,
  facts: FileFacts,
): string {
  const what =
    release.kind === "method"
      ? `\`${release.name}()\``
      : release.kind === "call"
        ? "calling it"
        : "`[Symbol.dispose]()`";
  const source = (call.expression as ts.PropertyAccessExpression).expression.getText(facts.sf);
  const who = owner.kind === "class" ? `\`${owner.cls.name?.text ?? "the instance"}\`` : "the component";
  const after = owner.kind === "effect" ? "unmount" : teardownName(owner);
  return `\`${source}\` keeps this subscription's callback, and ${who} through it, after ${after}: its handle (undone by ${what}) is ${handle.kind === "dropped" ? "thrown away" : "never used to undo it"}.`;
}

/** A class's subscription: its handle kept in a field (a new one when it was dropped), undone at the teardown. */
function classPlan(
  call: ts.CallExpression,
  release: Release,
  handle: Handle,
  owner: ClassOwner,
  facts: FileFacts,
  plan: { message: string; manual: (advice: string) => Plan },
): Plan {
  const where = teardownName(owner);
  // Ex) `const sub = bus.subscribe(…)` in a method: `dispose()` cannot see it
  if (handle.kind === "local") return plan.manual(`Keep the handle in a field and undo it in ${where}.`);
  // Ex) `#subscribeTo(observer) { observer.subscribe(…) }`, called for each observer: one new field would keep the last handle only
  const repeats = handle.kind === "dropped" ? mayRepeat(call, owner) : undefined;
  if (repeats)
    return plan.manual(
      `${repeats[0]!.toUpperCase()}${repeats.slice(1)}, so one field would keep only the last handle: keep every handle (in an array or a \`Set\`) and undo them all in ${where}.`,
    );
  const type = fieldType(release);
  const name =
    handle.kind === "field"
      ? handle.name
      : freeMemberName(owner.cls, release.kind === "call" ? "unsubscribe" : "subscription", facts);
  const undo = releaseText(`this.${name}`, release, true);
  if (!undo || (handle.kind === "dropped" && !type))
    return plan.manual(`Keep the handle in a field and undo it in ${where}.`);
  const field = /\.[cm]?jsx?$/.test(facts.sf.fileName) ? `${name};` : `private ${name}?: ${type};`;
  return {
    kind: droppedSubscription,
    node: call,
    message: plan.message,
    applicability: "safe",
    fix: {
      description: `Keep the subscription in \`this.${name}\` and undo it in ${where}`,
      owner,
      cleanup: [undo],
      fields: handle.kind === "dropped" ? [field] : [],
      edits: keepHandleEdits(handle, call, facts.sf, `this.${name} = `),
    },
  };
}
