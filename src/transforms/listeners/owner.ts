/**
 * Owners and their teardowns: who registered a listener, timer or observer, and where it must be
 * undone. A class with a teardown method (`dispose`, `disconnectedCallback`, `ngOnDestroy`,
 * `componentWillUnmount`…), or a React effect whose cleanup is the function it returns.
 */
import { ts } from "../../engine/ts-morph.cjs";
import { calleeName, hasModifier, isWithin } from "../util/ast.js";

/** Teardown methods, most specific first: the first one a class has is where removals go. */
export const TEARDOWNS = [
  "disconnectedCallback",
  "ngOnDestroy",
  "componentWillUnmount",
  "[Symbol.dispose]",
  "dispose",
  "destroy",
  "close",
  "stop",
];

/** Set-up methods of frameworks whose instances are torn down by the framework. */
export const FRAMEWORK_SETUPS: Record<string, string> = {
  connectedCallback: "disconnectedCallback",
  firstUpdated: "disconnectedCallback",
  ngOnInit: "ngOnDestroy",
  ngAfterViewInit: "ngOnDestroy",
  componentDidMount: "componentWillUnmount",
};

export const EFFECT_HOOKS = ["useEffect", "useLayoutEffect", "useInsertionEffect"];

export interface ClassOwner {
  kind: "class";
  cls: ts.ClassLikeDeclaration;
  /** The member whose code registers. */
  member: ts.ClassElement;
  /** The class's own teardown method, or Angular's `destroyRef.onDestroy(() => { … })` callback, if it has one. */
  teardown: Teardown | undefined;
  /** The teardown the instances get from a framework or a base class, when the class has none of its own. */
  expectedTeardown: string | undefined;
}

/** A teardown method, or an arrow function with a block body (Angular's `DestroyRef.onDestroy` callback). */
export type Teardown = ts.MethodDeclaration | (ts.ArrowFunction & { body: ts.Block });

export interface EffectOwner {
  kind: "effect";
  hook: string;
  callback: ts.ArrowFunction | ts.FunctionExpression;
  /**
   * Vue, Svelte: the teardown is not what the callback returns but a sibling hook's callback in
   * the same setup (`onMounted(() => …)` and `onUnmounted(() => …)`, `onDestroy(() => …)`); `fn`
   * is undefined when there is none, and `create` then names the imported hook a fix may call.
   */
  sibling?: { hook: string; fn: ts.ArrowFunction | ts.FunctionExpression | undefined; create?: string };
  /**
   * The callback is the setup itself (Vue's `setup()`, a composable, a Svelte component
   * function), not `onMounted`'s: its own constants are seen by the sibling hook's callback.
   */
  setup?: boolean;
}

/** Vue's mount hook, and its unmount hooks (most usual first), from these modules; Svelte's. */
const VUE_MODULES = ["vue", "@vue/runtime-core", "@vue/runtime-dom", "@vue/composition-api"];
const VUE_MOUNT = "onMounted";
const VUE_TEARDOWNS = ["onUnmounted", "onBeforeUnmount", "onScopeDispose"];
const VUE_HOOKS = [VUE_MOUNT, "onBeforeMount", ...VUE_TEARDOWNS];
const SVELTE_MODULES = ["svelte"];
const SVELTE_MOUNT = "onMount";
const SVELTE_TEARDOWN = "onDestroy";

export type Owner = ClassOwner | EffectOwner;

/** The name of a method as written in `TEARDOWNS`: `dispose`, `[Symbol.dispose]`. */
export function memberName(member: ts.ClassElement): string | undefined {
  const name = member.name;
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isPrivateIdentifier(name)) return name.text;
  if (ts.isComputedPropertyName(name)) return `[${name.expression.getText()}]`;
  return undefined;
}

/**
 * The owner of the code at `node`.
 * Ex) `useEffect(() => { window.addEventListener(…) })`: the effect (only directly in its callback).
 * Ex) `class View { mount() { window.addEventListener(…) } }`: the class (through arrow functions only).
 * Not Ex) top-level code (the program's entry: lives as long as the process), a plain function.
 */
export function ownerOf(node: ts.Node, checker: ts.TypeChecker): Owner | undefined {
  let n: ts.Node = node;
  let direct = true;
  for (let p = node.parent; p; n = p, p = p.parent) {
    if (ts.isArrowFunction(p) || ts.isFunctionExpression(p)) {
      const hook = direct ? effectHookOf(p) : undefined;
      if (hook) return { kind: "effect", hook, callback: p };
      // Ex) `onMounted(() => { window.addEventListener(…) })` in a Vue setup
      if (direct && vueHookOf(p, checker) === VUE_MOUNT) {
        return { kind: "effect", hook: VUE_MOUNT, callback: p, sibling: vueTeardownOf(p, checker) };
      }
      // Ex) `setup() { window.addEventListener(…) }`, `function useKeys() { …; onMounted(…) }`
      const setup = direct ? setupOwner(p, checker) : undefined;
      if (setup) return setup;
      if (ts.isFunctionExpression(p)) return undefined;
      direct = false;
      continue;
    }
    if (
      direct &&
      (ts.isFunctionDeclaration(p) || (ts.isMethodDeclaration(p) && ts.isObjectLiteralExpression(p.parent)))
    )
      return setupOwner(p, checker);
    if (ts.isClassStaticBlockDeclaration(p)) return undefined;
    if (ts.isClassElement(p) && ts.isClassLike(p.parent) && n !== p.name) {
      if (hasModifier(p, ts.SyntaxKind.StaticKeyword)) return undefined;
      const owner = classOwner(p.parent, p, checker);
      // Ex) a listener added by the `onDestroy` callback itself: that callback is the member
      if (owner.teardown && ts.isArrowFunction(owner.teardown) && isWithin(node, owner.teardown))
        return { ...owner, member: owner.teardown as unknown as ts.ClassElement };
      return owner;
    }
    if (ts.isFunctionLike(p) || ts.isSourceFile(p)) return undefined;
  }
  return undefined;
}

/** Ex) `useEffect(fn, deps)`, `React.useLayoutEffect(fn)`: the hook name when `fn` is its first argument. */
function effectHookOf(fn: ts.ArrowFunction | ts.FunctionExpression): string | undefined {
  const call = fn.parent;
  if (!ts.isCallExpression(call) || call.arguments[0] !== fn) return undefined;
  const name = calleeName(call.expression);
  return name && EFFECT_HOOKS.includes(name) ? name : undefined;
}

/**
 * Ex) `onMounted(fn)` with `onMounted` imported from "vue", `onMount(fn)` from "svelte": its name
 * when `fn` is its only argument (Svelte's `onMount` as `onMounted`, `onDestroy` as `onUnmounted`).
 */
function vueHookOf(fn: ts.ArrowFunction | ts.FunctionExpression, checker: ts.TypeChecker): string | undefined {
  const call = fn.parent;
  if (!ts.isCallExpression(call) || call.arguments[0] !== fn) return undefined;
  return lifecycleHook(call, checker)?.hook;
}

/** Ex) `onMounted(…)` (Vue), `onDestroy(…)` (Svelte): the imported hook a call makes, and its framework. */
function lifecycleHook(
  call: ts.CallExpression,
  checker: ts.TypeChecker,
): { hook: string; framework: "vue" | "svelte" } | undefined {
  if (!ts.isIdentifier(call.expression)) return undefined;
  const decl = checker.getSymbolAtLocation(call.expression)?.declarations?.[0];
  if (!decl || !ts.isImportSpecifier(decl)) return undefined;
  const from = decl.parent.parent.parent.moduleSpecifier;
  if (!ts.isStringLiteral(from)) return undefined;
  const name = (decl.propertyName ?? decl.name).text;
  if (VUE_MODULES.includes(from.text)) return VUE_HOOKS.includes(name) ? { hook: name, framework: "vue" } : undefined;
  if (!SVELTE_MODULES.includes(from.text)) return undefined;
  if (name === SVELTE_MOUNT) return { hook: VUE_MOUNT, framework: "svelte" };
  return name === SVELTE_TEARDOWN ? { hook: SVELTE_TEARDOWN, framework: "svelte" } : undefined;
}

/**
 * A setup whose code runs once per component: Vue's `setup()` of a component object (in a file
 * importing from "vue"), or a function whose body calls a lifecycle hook of Vue or Svelte as a
 * statement (a composable, a Svelte component's helper). Its teardown is the unmount hook its
 * body calls (`onUnmounted`, `onBeforeUnmount`, `onScopeDispose`; Svelte's `onDestroy`).
 * Ex) `defineComponent({ setup() { window.addEventListener("resize", onResize); onUnmounted(…) } })`.
 */
function setupOwner(fn: ts.SignatureDeclaration, checker: ts.TypeChecker): EffectOwner | undefined {
  const body = (fn as ts.FunctionLikeDeclaration).body;
  if (!body || !ts.isBlock(body)) return undefined;
  const hooks = body.statements.flatMap((s) => {
    const found =
      ts.isExpressionStatement(s) && ts.isCallExpression(s.expression) && lifecycleHook(s.expression, checker);
    return found ? [{ ...found, call: s.expression as ts.CallExpression }] : [];
  });
  const vueSetup = isVueSetupMember(fn);
  if (hooks.length === 0 && !vueSetup) return undefined;
  const framework = hooks[0]?.framework ?? "vue";
  const name = fn.name && ts.isIdentifier(fn.name) ? fn.name.text : "setup";
  const sibling = siblingIn(body, framework, checker);
  // Ex) `async setup() { await load(); onUnmounted(…) }`: a hook after an `await` has no component
  const async = (ts.getCombinedModifierFlags(fn as ts.Declaration) & ts.ModifierFlags.Async) !== 0;
  const create = !sibling.fn && !async ? importedName(fn.getSourceFile(), sibling.hook, framework) : undefined;
  return {
    kind: "effect",
    hook: name,
    callback: fn as ts.ArrowFunction,
    sibling: { ...sibling, ...(create ? { create } : {}) },
    setup: true,
  };
}

/**
 * Ex) `setup() { … }` or `setup: () => { … }` of a component: the object given to
 * `defineComponent(…)`, or `export default { … }`, in a file importing from "vue".
 * Not Ex) `{ name: "plugin", setup(build) { … } }`: a `setup` of something else.
 */
function isVueSetupMember(fn: ts.SignatureDeclaration): boolean {
  const member = ts.isMethodDeclaration(fn) ? fn : ts.isPropertyAssignment(fn.parent) ? fn.parent : undefined;
  if (!member || !ts.isObjectLiteralExpression(member.parent) || member.name?.getText() !== "setup") return false;
  const holder = member.parent.parent;
  const component =
    (ts.isCallExpression(holder) && holder.expression.getText() === "defineComponent") ||
    (ts.isExportAssignment(holder) && !holder.isExportEquals);
  return component && importsFrom(fn.getSourceFile(), VUE_MODULES);
}

function importsFrom(sf: ts.SourceFile, modules: string[]): boolean {
  return sf.statements.some(
    (s) =>
      ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier) && modules.includes(s.moduleSpecifier.text),
  );
}

/** The local name of `hook` when the file imports it from the framework (`onUnmounted`, `onDestroy`). */
function importedName(sf: ts.SourceFile, hook: string, framework: "vue" | "svelte"): string | undefined {
  const modules = framework === "vue" ? VUE_MODULES : SVELTE_MODULES;
  for (const s of sf.statements) {
    if (
      !ts.isImportDeclaration(s) ||
      !ts.isStringLiteral(s.moduleSpecifier) ||
      !modules.includes(s.moduleSpecifier.text)
    )
      continue;
    const bindings = s.importClause?.namedBindings;
    if (s.importClause?.isTypeOnly || !bindings || !ts.isNamedImports(bindings)) continue;
    const found = bindings.elements.find((e) => !e.isTypeOnly && (e.propertyName ?? e.name).text === hook);
    if (found) return found.name.text;
  }
  return undefined;
}

/** The unmount hook called by a statement of `body`: Vue's (most usual first), or Svelte's `onDestroy`. */
function siblingIn(
  body: ts.Block,
  framework: "vue" | "svelte",
  checker: ts.TypeChecker,
): { hook: string; fn: ts.ArrowFunction | ts.FunctionExpression | undefined } {
  const hooks: Array<{ hook: string; fn: ts.ArrowFunction | ts.FunctionExpression }> = [];
  for (const s of body.statements) {
    if (!ts.isExpressionStatement(s) || !ts.isCallExpression(s.expression)) continue;
    const fn = s.expression.arguments[0];
    if (!fn || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) continue;
    const hook = vueHookOf(fn, checker);
    if (hook && (VUE_TEARDOWNS.includes(hook) || hook === SVELTE_TEARDOWN)) hooks.push({ hook, fn });
  }
  for (const name of framework === "svelte" ? [SVELTE_TEARDOWN] : VUE_TEARDOWNS) {
    const found = hooks.find((h) => h.hook === name);
    if (found) return found;
  }
  return { hook: framework === "svelte" ? SVELTE_TEARDOWN : VUE_TEARDOWNS[0]!, fn: undefined };
}

/**
 * The unmount hook called by the same setup as `onMounted(mounted)`: a statement of the same body.
 * Ex) `setup() { onMounted(() => …); onUnmounted(() => …); }`.
 */
function vueTeardownOf(
  mounted: ts.ArrowFunction | ts.FunctionExpression,
  checker: ts.TypeChecker,
): EffectOwner["sibling"] {
  const statement = mounted.parent.parent;
  const framework = lifecycleHook(mounted.parent as ts.CallExpression, checker)?.framework ?? "vue";
  if (ts.isExpressionStatement(statement) && ts.isBlock(statement.parent))
    return siblingIn(statement.parent, framework, checker);
  return { hook: framework === "svelte" ? SVELTE_TEARDOWN : VUE_TEARDOWNS[0]!, fn: undefined };
}

function classOwner(cls: ts.ClassLikeDeclaration, member: ts.ClassElement, checker: ts.TypeChecker): ClassOwner {
  const teardown = ownTeardown(cls) ?? destroyRefCallback(cls, checker);
  return {
    kind: "class",
    cls,
    member,
    teardown,
    expectedTeardown: teardown ? undefined : expectedTeardown(cls, checker),
  };
}

/** The class's own teardown method with a body, most specific first. */
export function ownTeardown(cls: ts.ClassLikeDeclaration): ts.MethodDeclaration | undefined {
  const methods = cls.members.filter(
    (m): m is ts.MethodDeclaration =>
      ts.isMethodDeclaration(m) && m.body !== undefined && !hasModifier(m, ts.SyntaxKind.StaticKeyword),
  );
  for (const name of TEARDOWNS) {
    const found = methods.find((m) => memberName(m) === name);
    if (found) return found;
  }
  return undefined;
}

/**
 * Angular: `this.destroyRef.onDestroy(() => { … })` or `inject(DestroyRef).onDestroy(() => { … })`
 * as a statement of the constructor, on a value of type `DestroyRef`.
 */
function destroyRefCallback(cls: ts.ClassLikeDeclaration, checker: ts.TypeChecker): Teardown | undefined {
  const ctor = cls.members.find(ts.isConstructorDeclaration);
  for (const statement of ctor?.body?.statements ?? []) {
    if (!ts.isExpressionStatement(statement) || !ts.isCallExpression(statement.expression)) continue;
    const call = statement.expression;
    const fn = call.arguments[0];
    if (!ts.isPropertyAccessExpression(call.expression) || call.expression.name.text !== "onDestroy") continue;
    if (!fn || !ts.isArrowFunction(fn) || !ts.isBlock(fn.body)) continue;
    if (checker.getTypeAtLocation(call.expression.expression).getSymbol()?.name !== "DestroyRef") continue;
    return fn as Teardown;
  }
  return undefined;
}

/**
 * A teardown the class's instances are expected to have without declaring one: inherited from a
 * base class, or the framework counterpart of a set-up method the class declares.
 * Ex) `class Card extends HTMLElement { connectedCallback() {…} }` → `disconnectedCallback`.
 */
function expectedTeardown(cls: ts.ClassLikeDeclaration, checker: ts.TypeChecker): string | undefined {
  for (const m of cls.members) {
    const setup = FRAMEWORK_SETUPS[memberName(m) ?? ""];
    if (setup) return setup;
  }
  if (!cls.heritageClauses) return undefined;
  const type = checker.getTypeAtLocation(cls);
  for (const name of TEARDOWNS) {
    if (!name.startsWith("[") && checker.getPropertyOfType(type, name)) return name;
  }
  return undefined;
}

/** The function-like node or class that holds everything a finding of `owner` is paired within. */
export function ownerScope(owner: Owner): ts.Node {
  // Ex) Vue: every `onMounted` of a setup shares its `onUnmounted`, where their removals go together
  if (owner.kind === "effect" && owner.sibling?.fn) return owner.sibling.fn;
  return owner.kind === "class" ? owner.cls : owner.callback;
}
