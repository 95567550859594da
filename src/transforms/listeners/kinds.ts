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
    "by a class with a teardown (disconnectedCallback, ngOnDestroy, componentWillUnmount, [Symbol.dispose], dispose, destroy, close, stop) or in a React useEffect/useLayoutEffect, " +
    "and removed nowhere: the target keeps the owner alive. Safe fix: the matching removal (same event, listener and capture) is added to the teardown, " +
    "or returned as the effect's cleanup (an inline listener is kept in a constant first). Manual, with advice, when the listener is inline or bound in a class, " +
    "the target is only visible where it is registered, the class has no teardown of its own, or the effect returns early. Not reported: targets the owner owns " +
    "(this, what it creates), targets of unknown lifetime, { once: true }, { signal }, listeners removed anywhere in the file or handed to other code, top-level code.",
  applicabilities: ["safe", "manual"],
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
      shape: 'top-level code (`process.on("SIGINT", …)` in an entry point), a plain function',
      tier: "not reported",
      why: "top-level registrations live as long as the program; a plain function has no teardown to pair with",
    },
    {
      shape: "a class with no teardown method that no framework or base class tears down",
      tier: "not reported",
      why: "its instances may live as long as the program; nobody calls a teardown we could add to",
    },
    { shape: "registered by the teardown itself", tier: "not reported", why: "nothing runs after it to remove it" },
    {
      shape: "`{ signal }` in the options, or options that are not a literal",
      tier: "not reported",
      why: "`abort()` removes it; options we cannot read may hold a signal",
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
      shape: "a target only the registering method sees (`attach(el) { el.addEventListener(…) }`)",
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
      shape: "an inline or `.bind()` listener in a class",
      tier: "manual",
      why: "advice: keep it in a field (arrow-function field, or bound once) and remove it at the teardown, or use an instance `AbortController`",
    },
    {
      shape:
        "a stable listener (a field, a method, a named function, a constant) with a teardown method, or in an effect with no cleanup or one cleanup function at its end",
      tier: "safe",
      why: "the matching removal (same target, event, listener and capture; `off` for `on` when the emitter has it) goes at the teardown's end (its start when it returns early) or into the effect's cleanup",
    },
  ],
});

export const listenersInfo = {
  id: "listeners",
  description: "Event listeners, timers and observers that outlive their owner are removed at its teardown",
  kinds: [leakedListener],
  config: listenersConfig,
} satisfies TransformInfo;
