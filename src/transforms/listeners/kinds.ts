/**
 * The finding kinds of listeners, declared once (see src/engine/kinds.ts). Metadata only: no
 * runtime import of the compiler. Each kind's check, with its doc block, is in its own file.
 */
import { defineKind, type TransformInfo } from "../../engine/kinds.js";
import { listenersConfig } from "./config.js";

export const leakedListener = defineKind({
  transform: "listeners",
  id: "leaked-listener",
  title: "Listener on a longer-lived target never removed at the owner's teardown",
  help:
    "A listener added (addEventListener; on/addListener/prependListener of an EventEmitter, process included) to a target that outlives its owner " +
    "(window, document, process, a module-level or imported object, a parameter, an injected service, a `longLived` name of leakmod.config.json) " +
    "by a class with a teardown (disconnectedCallback, ngOnDestroy, componentWillUnmount, [Symbol.dispose], dispose, destroy, close, stop, or a DestroyRef.onDestroy callback of its constructor), in a React useEffect/useLayoutEffect, " +
    "or in a Vue onMounted whose setup has onUnmounted/onBeforeUnmount/onScopeDispose, or directly in a Vue setup() or composable, or a Svelte component function (onDestroy), " +
    "and removed nowhere: the target keeps the owner alive. Also a listener an async function declares and adds to a parameter, global or module-level target for the time of its work, never removed: each call leaves one more (safe fix: the rest of the body in try/finally with the removal, only when the work ends when it returns). Safe fix: the matching removal (same event, listener and capture) is added to the teardown, " +
    "or returned as the effect's cleanup (an inline listener is kept in a constant first). An inline or bound listener on an EventTarget in a class gets `{ signal }` of an AbortController of the instance, aborted at the teardown " +
    "(safe when every browser of the project's browserslist and engines.node have `signal`, unsafe otherwise, naming the runtime that lacks it). Manual, with advice, when the listener is inline or bound on an EventEmitter, " +
    "the target is only visible where it is registered, the class has no teardown of its own, or the effect returns early. Not reported: targets the owner owns " +
    "(this, what it creates), targets of unknown lifetime, { once: true }, { signal } of a controller aborted or handed on, listeners removed anywhere in the file or handed to other code, top-level code.",
  applicabilities: ["safe", "unsafe", "manual"],
  example: {
    applicability: "safe",
    before: [
      "export class View {",
      "  constructor(private readonly root: HTMLElement) {",
      '    window.addEventListener("resize", this.onResize);',
      "  }",
      "  private onResize = (): void => {",
      "    this.root.style.width = `${window.innerWidth}px`;",
      "  };",
      "  dispose(): void {",
      "    this.root.remove();",
      "  }",
      "}",
    ].join("\n"),
    after: [
      "export class View {",
      "  constructor(private readonly root: HTMLElement) {",
      '    window.addEventListener("resize", this.onResize);',
      "  }",
      "  private onResize = (): void => {",
      "    this.root.style.width = `${window.innerWidth}px`;",
      "  };",
      "  dispose(): void {",
      "    this.root.remove();",
      '    window.removeEventListener("resize", this.onResize);',
      "  }",
      "}",
    ].join("\n"),
  },
  cases: [
    {
      shape:
        'top-level code (`process.on("SIGINT", …)` in an entry point), a plain function (except the re-registration and temporary listeners below)',
      tier: "not reported",
      why: "top-level registrations live as long as the program; a plain function has no teardown to pair with",
    },
    {
      shape:
        'an `async` function that adds a listener it declares (`const onAbort = () => controller.abort()`) to a parameter, global or module-level target (`signal.addEventListener("abort", onAbort)`, `process.on("exit", onExit)`) as a statement of its body (or of an `if` there), whose work ends when it returns, with no removal in the file',
      tier: "safe",
      why: "every call leaves one more listener on the target; the statements after it are wrapped in `try { … } finally { <removal> }`. Its work ends when it returns: every promise it makes is awaited, no callback of it can run later (only awaited ones and array callbacks), it stores nothing outside itself, it returns only plain data, and the listener acts only on the call's own state (its plain-data locals and `AbortController`s)",
    },
    {
      shape:
        'any of the safe shapes, when the listener\'s presence changes what its target does: `"error"` on an `EventEmitter` (`client.on("error", this.log)`), a signal (`process.on("SIGINT", stop)`), `uncaughtException`/`unhandledRejection` on `process`',
      tier: "unsafe",
      why: 'removing it changes more than memory: once no other listener is left, the next `emit("error")` throws and a signal or an uncaught error ends the process, instead of running the handler; the message says which',
    },
    {
      shape:
        'the same with an inline listener (`signal.addEventListener("abort", () => controller.abort())`), or a declaration after the registration used before it (`helper()` above, `function helper()` below)',
      tier: "manual",
      why: "nothing can name the listener to remove it, or a `try` block would hide the declaration from the code before it; advice: keep it in a constant (or move the declaration up) and remove it in a `finally`",
    },
    {
      shape:
        'a listener that must outlive the call: a sync function or a generator, a stream\'s `async start()` whose source lives on, a returned `Response` or stream, a promise not awaited, a timer or listener callback, a store outside the function, a listener that acts on anything else (`() => source.close()`, a module-level server, `process.on("exit", () => rmSync(dir))`: a global or an import), a listener declared outside the function, a registration in a loop',
      tier: "not reported",
      why: "the listener still has work after the function returns, or removing it could remove another registration's: a removal in `finally` would change what the program does",
    },
    {
      shape:
        'a plain function that adds a listener to a global or module-level target (`process.on("exit", () => …)`) and that the file calls in a loop, from a listener or from `setInterval`, with no removal in the file',
      tier: "manual",
      why: "every call adds another listener (an inline one on an `EventTarget`, any on an `EventEmitter`); advice: register it once, use `once`, or remove it when the work is done",
    },
    {
      shape:
        "the same function called once, from two branches, or not in the file; a target handed in as a parameter; a stable listener on an `EventTarget`; `once`, `{ signal }`",
      tier: "not reported",
      why: "nothing in the file shows that it runs more than once, or adding the same function again adds nothing",
    },
    {
      shape: "a class with no teardown method that no framework or base class tears down",
      tier: "not reported",
      why: "its instances may live as long as the program; nobody calls a teardown we could add to",
    },
    { shape: "registered by the teardown itself", tier: "not reported", why: "nothing runs after it to remove it" },
    {
      shape:
        "`{ signal: this.controller.signal }` whose controller is aborted (`this.controller.abort()`) or handed to other code anywhere in the file, a `{ signal }` the owner did not create, or options that are not a literal",
      tier: "not reported",
      why: "`abort()` removes it; options we cannot read may hold a signal",
    },
    {
      shape:
        "`{ signal: this.controller.signal }` of a controller the owner creates (a private field, a constant) and never aborts nor hands on",
      tier: "manual",
      why: "nothing removes it; advice: call `abort()` at the teardown (aborting it there also ends whatever else uses that controller)",
    },
    { shape: "`{ once: true }`", tier: "not reported", why: "removed when it fires" },
    {
      shape:
        "a target the owner owns (`this`, `this.el = document.createElement(…)`, a local `new EventEmitter()`) or of unknown lifetime (`this.a.b`, `getBus()`, a callback's parameter)",
      tier: "not reported",
      why: "it dies with the owner, or we cannot tell that it does not: a wrong finding costs more than a missed one",
    },
    {
      shape:
        "a removal with the same event, listener (by symbol) and capture anywhere in the file (a helper's too), or `removeAllListeners` on the target",
      tier: "not reported",
      why: "already removed",
    },
    {
      shape: "a removal of the same event on the same target in the same owner, with another function",
      tier: "not reported",
      why: "reported as `ineffective-removal`",
    },
    {
      shape:
        'the listener handed to other code (`unbind(window, "resize", this.onResize)`, `subs.push(this.onResize)`)',
      tier: "not reported",
      why: "that code may remove it",
    },
    {
      shape:
        "a class whose framework or base class has a teardown it does not override (`connectedCallback` without `disconnectedCallback`)",
      tier: "manual",
      why: "advice: add the teardown and remove the listener there",
    },
    {
      shape:
        "an effect that returns on more than one path, or returns a cleanup it did not write (`return unsubscribe`)",
      tier: "manual",
      why: "advice: return a cleanup that removes it on every path",
    },
    {
      shape:
        "a target only the registering method sees (`attach() { const el = document.body; el.addEventListener(…) }`)",
      tier: "manual",
      why: "advice: keep the target in a field and remove the listener at the teardown",
    },
    {
      shape:
        'an inline effect listener (`useEffect(() => { window.addEventListener("resize", () => …) })`), as a statement of the effect',
      tier: "safe",
      why: "it is kept in a constant (a name free in its scope) and the effect returns the removal",
    },
    {
      shape: "an inline or `.bind()` listener on an `EventTarget` in a class with a teardown method",
      tier: "safe",
      why: "`{ signal: this.listeners.signal }` is merged into its options (`true` becomes `{ capture: true, signal }`), the class gets `private listeners = new AbortController()` (one for all its listeners), and the teardown aborts it and puts a new controller in its place (so that what is registered after a reconnect or restart still works); only when every declared runtime has `signal`: each browser of the project's browserslist (package.json `browserslist` or `.browserslistrc`: Chrome/Edge 90, Firefox 86, Safari 15, Opera 76, Samsung 15), and `engines.node` >= 16 when it is declared (required when no browserslist is)",
    },
    {
      shape:
        "the same, where the browserslist selects a browser without it (`safari 14`, `ie 11`, `op_mini all`), the code may run in browsers and no browserslist says which, or `engines.node` admits Node < 16",
      tier: "unsafe",
      why: "`signal` in `addEventListener` needs Chrome 90, Firefox 86, Safari 15, Node 15.4: an older runtime ignores it and the listener stays; the message names the runtime that lacks it",
    },
    {
      shape:
        "the same in a member of a derived class other than the constructor or a framework hook (`class Menu extends Base { open() {…} }`)",
      tier: "manual",
      why: "the base class's constructor may call that member before the new field exists; advice: keep the listener in a field and remove it at the teardown",
    },
    {
      shape: "an inline or `.bind()` listener on an `EventEmitter` in a class",
      tier: "manual",
      why: "an emitter's `on` has no `signal`; advice: keep it in a field (arrow-function field, or bound once) and remove it at the teardown",
    },
    {
      shape:
        "Angular: a class with no teardown method whose constructor calls `destroyRef.onDestroy(() => { … })` on a `DestroyRef`",
      tier: "safe",
      why: "that callback is the teardown: removals (and clears, disconnects, unsubscribes of every kind) go at its end",
    },
    {
      shape:
        'Vue: a stable listener in `onMounted(() => …)` (imported from "vue") whose setup calls `onUnmounted`, `onBeforeUnmount` or `onScopeDispose(() => …)`',
      tier: "safe",
      why: "the removal goes at the end of that callback (every `onMounted` of the setup shares it)",
    },
    {
      shape: "Vue: `onMounted` in a setup with no unmount hook, or an inline listener there",
      tier: "manual",
      why: "advice: add `onUnmounted(() => …)` next to it, or keep the listener in a constant of the setup, and remove it there",
    },
    {
      shape:
        "Vue: a stable listener directly in a component's `setup()` (of `defineComponent({ … })` or `export default { … }`) or in a composable whose body calls a lifecycle hook; Svelte: in a function whose body calls `onMount` or `onDestroy` from \"svelte\" (and in `onMount(() => …)` as in Vue's `onMounted`)",
      tier: "safe",
      why: "the removal goes at the end of the setup's `onUnmounted`/`onBeforeUnmount`/`onScopeDispose` callback (Svelte: `onDestroy`), or, when the setup calls none but the file imports `onUnmounted` (`onDestroy`), in a new `onUnmounted(() => …)` before the setup's `return` (timers and subscriptions there too)",
    },
    {
      shape:
        "the same where the file does not import the unmount hook, the setup is `async` or returns on more than one path, or the listener is inline",
      tier: "manual",
      why: "a new import, a hook called after an `await` (no component then) or on one path only would change more than the leak; advice: add the hook and remove the listener there",
    },
    {
      shape:
        'a `setup()` of an object that is not a component (`{ name: "plugin", setup(build) { … } }`), a function that calls no lifecycle hook',
      tier: "not reported",
      why: "nothing says that it runs per component, nor when it ends",
    },
    {
      shape:
        "a stable listener (a field, a method, a named function, a constant) with a teardown method, or in an effect with no cleanup or one cleanup function at its end",
      tier: "safe",
      why: "the matching removal (same target, event, listener and capture; `off` for `on` when the emitter has it) goes at the teardown's end (its start when it returns early) or into the effect's cleanup",
    },
  ],
});

export const ineffectiveRemoval = defineKind({
  transform: "listeners",
  id: "ineffective-removal",
  title: "Removal that removes nothing",
  help:
    "removeEventListener/off/removeListener given a function that cannot be the one added (an inline arrow or function, a fresh `.bind(…)`), " +
    "or the added function with another capture than every registration of it: listeners are removed by identity and capture, so the call does nothing and the listener stays. " +
    "Safe fix for a capture mismatch: the removal gets the registrations' capture. A new function is reported with advice (keep the added function in a field or constant and remove that one).",
  applicabilities: ["safe", "manual"],
  example: {
    applicability: "safe",
    before: [
      "export class Menu {",
      "  open(): void {",
      '    document.addEventListener("pointerdown", this.onOutside, true);',
      "  }",
      "  close(): void {",
      '    document.removeEventListener("pointerdown", this.onOutside);',
      "  }",
      "  private onOutside = (): void => this.close();",
      "}",
    ].join("\n"),
    after: [
      "export class Menu {",
      "  open(): void {",
      '    document.addEventListener("pointerdown", this.onOutside, true);',
      "  }",
      "  close(): void {",
      '    document.removeEventListener("pointerdown", this.onOutside, true);',
      "  }",
      "  private onOutside = (): void => this.close();",
      "}",
    ].join("\n"),
  },
  cases: [
    {
      shape: 'an inline arrow or function (`removeEventListener("resize", () => …)`), a `.bind(…)` result',
      tier: "manual",
      why: "a new function was never added; advice: keep the added function in a field or constant (bind once) and remove that one",
    },
    {
      shape:
        "a listener not written as a reference (`handlers[i]`, a call's result), a removal on an `EventEmitter` with a reference",
      tier: "not reported",
      why: "nothing to compare; an emitter has no capture",
    },
    {
      shape:
        "options that are not a literal, no registration of that listener and event in the file, or one with options we cannot read",
      tier: "not reported",
      why: "the capture cannot be compared",
    },
    { shape: "the capture of at least one registration", tier: "not reported", why: "it removes that one" },
    {
      shape: "another capture than every registration of the listener (`true` vs none, `{ capture: true }` vs `false`)",
      tier: "safe",
      why: "the removal gets the registrations' capture; `passive` and `once` never count",
    },
  ],
});

export const leakedTimer = defineKind({
  transform: "listeners",
  id: "leaked-timer",
  title: "Interval never cleared at the owner's teardown",
  help:
    "A setInterval in a class with a teardown or in a React effect whose id is dropped or never cleared: it runs, and keeps its callback and what it reaches alive, after the owner is gone. " +
    "Safe fix: the id is kept in a field (a class; declared `private interval?: ReturnType<typeof setInterval>`) or a constant (an effect) and cleared at the teardown. " +
    "Manual when the id is a local of a class method, the class has no teardown of its own, or the effect returns early. " +
    "A setTimeout or requestAnimationFrame that re-arms, unconditionally, the function it is called from, with no clear in the class or component: manual, with advice. " +
    "Not reported: ids cleared or handed on, top-level intervals, a single setTimeout (it ends by itself; clearing it changes behaviour), a loop that can end early.",
  applicabilities: ["safe", "manual"],
  example: {
    applicability: "safe",
    before: [
      "export class Poller {",
      "  start(): void {",
      "    setInterval(() => this.poll(), 1000);",
      "  }",
      "  poll(): void {}",
      "  stop(): void {}",
      "}",
    ].join("\n"),
    after: [
      "export class Poller {",
      "  private interval?: ReturnType<typeof setInterval>;",
      "  start(): void {",
      "    this.interval = setInterval(() => this.poll(), 1000);",
      "  }",
      "  poll(): void {}",
      "  stop(): void {",
      "    clearInterval(this.interval);",
      "  }",
      "}",
    ].join("\n"),
  },
  cases: [
    {
      shape: "top-level code, a plain function, a class no teardown is called on, the teardown itself",
      tier: "not reported",
      why: "it lives as long as the program, or nothing is torn down",
    },
    {
      shape: "`return setInterval(…)`, `timers.push(setInterval(…))`",
      tier: "not reported",
      why: "someone else keeps the id",
    },
    {
      shape: "an id given to `clearInterval`/`clearTimeout`, or handed to other code, anywhere in the owner",
      tier: "not reported",
      why: "already cleared, or cleared elsewhere",
    },
    {
      shape:
        "`this.timer = setInterval(…)` into a field that is not private (`protected`, public, a JavaScript field but `#`)",
      tier: "not reported",
      why: "a subclass or code holding the instance may clear it, which this file does not show",
    },
    {
      shape: "a class without a teardown of its own (`connectedCallback` only), an effect that returns early",
      tier: "manual",
      why: "advice: keep the id and clear it at the teardown",
    },
    {
      shape: "`const id = setInterval(…)` in a class method, or in a nested block of an effect",
      tier: "manual",
      why: "the teardown cannot see it; advice: keep it in a field",
    },
    {
      shape: "`setInterval(…);` or `this.timer = setInterval(…)` (a private or `#` field) in a class with a teardown",
      tier: "safe",
      why: "the id is kept in a field (a new `private interval?: ReturnType<typeof setInterval>`) and cleared at the teardown",
    },
    {
      shape: "`setInterval(…);` or `const id = setInterval(…)` as a statement of an effect",
      tier: "safe",
      why: "the effect returns `() => clearInterval(id)` (or it joins the existing cleanup)",
    },
    {
      shape: "`setTimeout`, `requestAnimationFrame`",
      tier: "not reported",
      why: "they end by themselves; clearing one at teardown changes behaviour (its callback no longer runs)",
    },
    {
      shape:
        "a `setTimeout` or `requestAnimationFrame` that re-arms the method or function it is called from (`frame() { draw(); requestAnimationFrame(this.frame); }`), in a class with a teardown or an effect, with no `clearTimeout`/`cancelAnimationFrame` in the class or the component",
      tier: "manual",
      why: "the loop runs forever after the teardown; advice: keep the id and cancel it at the teardown, or end the loop with a flag the teardown sets",
    },
    {
      shape:
        "the same loop when its function can end early (`if (this.stopped) return;`, `?:`, `&&`, `?.`, `try`, `throw`, a loop statement)",
      tier: "not reported",
      why: "a flag the teardown sets may stop it: we cannot tell that it does not",
    },
  ],
});

export const leakedObserver = defineKind({
  transform: "listeners",
  id: "leaked-observer",
  title: "Observer never disconnected at the owner's teardown",
  help:
    "A ResizeObserver, MutationObserver, IntersectionObserver or PerformanceObserver that observes something, in a class with a teardown or a React effect, and is never disconnected: " +
    "it keeps calling back, and keeps what its callback reaches alive, after the owner is gone. Safe fix: `disconnect()` at the teardown (a field of the class, a constant of the effect). " +
    "Manual when it is not kept (`new ResizeObserver(cb).observe(el)`), is a local of a class method, or there is no teardown it can be added to. " +
    "Not reported: observers that never observe, or are disconnected, unobserved or handed on in the owner.",
  applicabilities: ["safe", "manual"],
  example: {
    applicability: "safe",
    before: [
      "export class Chart {",
      "  private observer = new ResizeObserver(() => this.draw());",
      "  constructor(private readonly canvas: HTMLCanvasElement) {",
      "    this.observer.observe(canvas);",
      "  }",
      "  draw(): void {}",
      "  dispose(): void {}",
      "}",
    ].join("\n"),
    after: [
      "export class Chart {",
      "  private observer = new ResizeObserver(() => this.draw());",
      "  constructor(private readonly canvas: HTMLCanvasElement) {",
      "    this.observer.observe(canvas);",
      "  }",
      "  draw(): void {}",
      "  dispose(): void {",
      "    this.observer.disconnect();",
      "  }",
      "}",
    ].join("\n"),
  },
  cases: [
    {
      shape: "top-level code, a plain function, a class no teardown is called on, the teardown itself",
      tier: "not reported",
      why: "it lives as long as the program, or nothing is torn down",
    },
    {
      shape: "`new ResizeObserver(cb).observe(el)` (not kept)",
      tier: "manual",
      why: "nothing can disconnect it; advice: keep it in a field or constant and disconnect it at the teardown",
    },
    {
      shape:
        "`disconnect()`, `unobserve(…)` or `takeRecords()` called on it, or it is handed to other code, in the owner",
      tier: "not reported",
      why: "already released, or released elsewhere",
    },
    { shape: "never `observe`s anything", tier: "not reported", why: "it holds nothing" },
    {
      shape: "a class without a teardown of its own, an effect that returns early, a local of a class method",
      tier: "manual",
      why: "advice: call `disconnect()` at the teardown",
    },
    {
      shape: "a field of a class with a teardown, a constant of an effect",
      tier: "safe",
      why: "`disconnect()` (`?.disconnect()` when the field may be empty) at the teardown",
    },
  ],
});

export const droppedSubscription = defineKind({
  transform: "listeners",
  id: "dropped-subscription",
  title: "Subscription handle thrown away or never used at the owner's teardown",
  help:
    "The result of subscribe(…), on(…), watch(…) or connect(…) that undoes the subscription (its type has unsubscribe(), dispose(), remove() or [Symbol.dispose](), or is a () => void), " +
    "on a source that outlives its owner (a global, a module-level or imported object, a parameter, an injected service, a `longLived` name), " +
    "thrown away or kept and never used by a class with a teardown or a React effect: the source keeps the callback, and the owner through it. " +
    "Safe fix: the handle is kept in a field (a class; declared `private subscription?: { unsubscribe(): void }`) or a constant (an effect) and undone at the teardown. " +
    "Manual when the handle is a local of a class method, the class has no teardown of its own, the effect returns early, or a thrown-away handle may be made more than once per set-up (another method, a loop, a callback). " +
    "Not reported: methods that return their receiver (chaining), sources the owner owns or of unknown lifetime, RxJS pipes with a completing operator " +
    "(take, first, takeUntil, takeUntilDestroyed…), handles undone, handed on or returned, `using` declarations, top-level code.",
  applicabilities: ["safe", "manual"],
  example: {
    applicability: "safe",
    before: [
      "interface Store {",
      "  subscribe(listener: () => void): { unsubscribe(): void };",
      "}",
      "export class Badge {",
      "  constructor(store: Store) {",
      "    store.subscribe(() => this.render());",
      "  }",
      "  render(): void {}",
      "  dispose(): void {}",
      "}",
    ].join("\n"),
    after: [
      "interface Store {",
      "  subscribe(listener: () => void): { unsubscribe(): void };",
      "}",
      "export class Badge {",
      "  private subscription?: { unsubscribe(): void };",
      "  constructor(store: Store) {",
      "    this.subscription = store.subscribe(() => this.render());",
      "  }",
      "  render(): void {}",
      "  dispose(): void {",
      "    this.subscription?.unsubscribe();",
      "  }",
      "}",
    ].join("\n"),
  },
  cases: [
    {
      shape: "top-level code, a plain function, a class no teardown is called on, the teardown itself",
      tier: "not reported",
      why: "it lives as long as the program, or nothing is torn down",
    },
    {
      shape:
        "a result that is not an undo handle: the receiver (`emitter.on(…)` chaining), a promise, an element, a union, `any`",
      tier: "not reported",
      why: "there is nothing to call; listener registrations are `leaked-listener`'s",
    },
    {
      shape:
        "a source the owner owns (`this.changes = new Subject()`) or of unknown lifetime (`http.get(url)`, `this.a.b`)",
      tier: "not reported",
      why: "it dies with the owner, or we cannot tell that it does not (a request completes by itself)",
    },
    {
      shape:
        "`source.pipe(…, take(1))`, `first()`, `takeUntil(…)`, `takeUntilDestroyed()` and other completing operators",
      tier: "not reported",
      why: "the subscription ends by itself or when the owner is destroyed",
    },
    {
      shape:
        "`return source.subscribe(…)`, `subs.add(source.subscribe(…))`, `using sub = …`, a handle undone (`sub.unsubscribe()`, `stop()`) or handed on anywhere in the owner, a field that is not private (a subclass may undo it)",
      tier: "not reported",
      why: "already undone, or someone else keeps it",
    },
    {
      shape:
        "a class without a teardown of its own (`ngOnInit` only), an effect that returns early, `const sub = …` in a class method or a nested block of an effect",
      tier: "manual",
      why: "the teardown cannot see it or does not exist; advice: keep the handle and undo it at the teardown",
    },
    {
      shape:
        "`source.subscribe(…);` thrown away where it may run more than once per set-up: a method other than the constructor or a framework set-up (`#subscribeTo(child)`), a loop, a callback",
      tier: "manual",
      why: "one new field would keep only the last handle; advice: keep every handle (an array or a `Set`) and undo them all at the teardown",
    },
    {
      shape: "a source handed in (a parameter, an injected service) where the fix is not safe",
      tier: "not reported",
      why: "the owner may be a wrapper that dies with what it was handed",
    },
    {
      shape:
        "`source.subscribe(…);` in the constructor, a field or a framework set-up (outside loops and callbacks), or `this.sub = source.subscribe(…)`, in a class with a teardown",
      tier: "safe",
      why: "the handle is kept in a field (typed by what undoes it: `{ unsubscribe(): void }`, `() => void`) and undone at the teardown (`this.sub?.unsubscribe()`)",
    },
    {
      shape: "`source.subscribe(…);` or `const sub = source.subscribe(…)` as a statement of an effect",
      tier: "safe",
      why: "the effect returns `() => sub.unsubscribe()` (or it joins the existing cleanup)",
    },
  ],
});

export const listenersInfo = {
  id: "listeners",
  description:
    "Event listeners, subscriptions, timers and observers that outlive their owner are removed at its teardown",
  kinds: [leakedListener, ineffectiveRemoval, leakedTimer, leakedObserver, droppedSubscription],
  config: listenersConfig,
} satisfies TransformInfo;
