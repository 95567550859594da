/**
 * The finding kinds of weak-refs, declared once (see src/engine/kinds.ts). Metadata only: no
 * runtime import of the compiler.
 */
import { defineKind, type TransformInfo } from "../../engine/kinds.js";

export const objectKeyedCache = defineKind({
  transform: "weak-refs",
  id: "object-keyed-cache",
  title: "Long-lived Map/Set keyed by objects",
  help:
    "A module-level, instance or closure Map/Set whose keys are objects keeps every key and value alive as long as it lives. " +
    "When the checker proves no key can be a primitive and the collection is only used through get/set/has/delete (add/has/delete for a Set), " +
    "it becomes a WeakMap/WeakSet (constructor and annotations): safe, entries go with their keys; " +
    "unsafe when a key may still be a primitive at run time (JavaScript, a key typed any, a parameter of an exported function or public method), as WeakMap.set/WeakSet.add throw on one. " +
    "One that is iterated, sized, cleared, passed on, returned or exported cannot be weak: when it only grows it is reported (manual) with advice.",
  applicabilities: ["safe", "unsafe", "manual"],
  example: {
    applicability: "safe",
    before: [
      "const layoutCache = new Map<Element, DOMRect>();",
      "function measure(el: Element): DOMRect {",
      "  let box = layoutCache.get(el);",
      "  if (!box) layoutCache.set(el, (box = el.getBoundingClientRect()));",
      "  return box;",
      "}",
    ].join("\n"),
    after: [
      "const layoutCache = new WeakMap<Element, DOMRect>();",
      "function measure(el: Element): DOMRect {",
      "  let box = layoutCache.get(el);",
      "  if (!box) layoutCache.set(el, (box = el.getBoundingClientRect()));",
      "  return box;",
      "}",
    ].join("\n"),
  },
  cases: [
    {
      shape: "annotated `WeakMap<…>`/`WeakSet<…>` but built with `new Map()`/`new Set()`",
      tier: "safe",
      why: "the annotation already limits every use to the weak API; only the constructor changes",
    },
    {
      shape: "primitive or unprovable keys (`Map<string, …>`, `any`)",
      tier: "not reported",
      why: "a `WeakMap` cannot hold them",
    },
    { shape: "a local that no closure captures", tier: "not reported", why: "it dies with the call" },
    {
      shape:
        "the object that owns it also holds every key strongly: each key is stored in another member by the same function (`clientToId` beside `idToClient`), or the class keeps an array of the key type",
      tier: "not reported",
      why: "a weak collection would free nothing",
    },
    {
      shape: "only used through `get`/`set`/`has`/`delete` (`add`/`has`/`delete`)",
      tier: "safe",
      why: "a `WeakMap` answers the same lookups; an entry goes when nothing else holds its key",
    },
    {
      shape:
        "the same, but a key written with `set`/`add` may be a primitive at run time: a JavaScript file, a key typed `any` (or passed as `any` by a call in the file), a parameter of an exported function or of a public method of an exported class",
      tier: "unsafe",
      why: "JSDoc types are not enforced and untyped callers can pass strings: `WeakMap.set`/`WeakSet.add` throw a TypeError where the `Map` accepted the key",
    },
    {
      shape:
        "iterated (`for…of`, spread, `forEach`, `keys`/`values`/`entries`), `.size` read, passed to a function, returned, aliased, stored elsewhere, `typeof`-referenced, the result of `set`/`add` used, reassigned, exported; and it only grows (no `delete`, `clear` or reassignment)",
      tier: "manual",
      why: "a `WeakMap` cannot be iterated or sized, and code we cannot see might try",
    },
    {
      shape:
        "a public property of an exported class or of an object the file exports (`export const x = new (class { … })()`), or one whose name other project files use; and it only grows",
      tier: "manual",
      why: "other files may use it in ways a `WeakMap` cannot support; make it `private` (or `#x`) so every use can be checked",
    },
    {
      shape: "either of the two above, but entries are also deleted, or it is cleared or reassigned",
      tier: "not reported",
      why: "its own code bounds it",
    },
  ],
});

export const backReference = defineKind({
  transform: "weak-refs",
  id: "back-reference",
  title: "Back-reference from a child to the owner that holds it",
  help:
    "A child that points back at its owner (tree node → parent, observer → subject, view → controller), where the owner holds the child in an array, Set, Map or field, " +
    "keeps the owner and every sibling alive for as long as any one child is reachable. " +
    "The property becomes a private `#p: WeakRef<T> | undefined` behind `get p()`/`set p(v)` with the original nullability, so call sites stay unchanged. " +
    "Unsafe: once nothing else holds the owner, `p` reads `null`/`undefined`, and it is no longer an own property; a non-optional `p: T` reads `T | undefined` " +
    "(the type-check guard withdraws the fix where callers do not compile). Interfaces, object literals, readonly, static, declare, decorated and accessor properties, " +
    "serialised classes and projects without `WeakRef` in `lib` are reported (manual).",
  applicabilities: ["unsafe", "manual"],
  example: {
    applicability: "unsafe",
    before: [
      "export class Menu {",
      "  items: MenuItem[] = [];",
      "  add(item: MenuItem): void {",
      "    item.parent = this;",
      "    this.items.push(item);",
      "  }",
      "}",
      "export class MenuItem {",
      "  parent: Menu | null = null;",
      "}",
    ].join("\n"),
    after: [
      "export class Menu {",
      "  items: MenuItem[] = [];",
      "  add(item: MenuItem): void {",
      "    item.parent = this;",
      "    this.items.push(item);",
      "  }",
      "}",
      "export class MenuItem {",
      "  #parent: WeakRef<Menu> | undefined = undefined;",
      "  get parent(): Menu | null {",
      "    return this.#parent?.deref() ?? null;",
      "  }",
      "  set parent(value: Menu | null) {",
      "    this.#parent = value ? new WeakRef(value) : undefined;",
      "  }",
      "}",
    ].join("\n"),
  },
  cases: [
    {
      shape:
        "peers linked through single fields: the same property both ways (`a.other = b; b.other = a`), two instances of one class (`a.next = b; b.prev = a`), or two objects made and linked by a third party",
      tier: "not reported",
      why: "nothing says one owns the other: each may be the only holder of the other, and a `WeakRef` would drop a peer still in use",
    },
    {
      shape: "two objects that point at each other with neither made by the other",
      tier: "not reported",
      why: "they read the same both ways: no owner to tell",
    },
    {
      shape: "a property of an interface or type literal",
      tier: "manual",
      why: "no class to hold the accessor; advice: implement it with a class, or declare `p: WeakRef<T>` and read it with `.deref()`",
    },
    {
      shape: "a property of an object literal (`{ menu: this }` pushed into `this.items`)",
      tier: "manual",
      why: "same",
    },
    {
      shape:
        "a pointer to an object that holds no collection of the child (`job.manager = this` while the manager only counts jobs)",
      tier: "not reported",
      why: "the owner does not keep the child alive: no cycle through a collection",
    },
    {
      shape: "already an accessor (`get p()`)",
      tier: "manual",
      why: "the value lives in whatever field it reads; our own output (a getter calling `.deref()`) is recognised and left alone",
    },
    {
      shape: "primitive-typed, array, function or `any` properties",
      tier: "not reported",
      why: "not a pointer at an owner",
    },
    {
      shape: "the project's `lib` has no `WeakRef` (before es2021)",
      tier: "manual",
      why: "advice: add `es2021` or later to `lib`. This is a per-finding message rather than a preflight warning, so projects without back-references hear nothing",
    },
    { shape: "`static`", tier: "manual", why: "shared by the class, not one pointer per child" },
    {
      shape: "`declare`",
      tier: "manual",
      why: "defined by code leakmod does not see (a base class, a mixin, a framework)",
    },
    {
      shape: "`readonly`",
      tier: "manual",
      why: "the replacement needs a setter; advice: a `readonly #p: WeakRef<T>` set once, and a getter",
    },
    { shape: "decorated", tier: "manual", why: "the decorator expects a field, not an accessor pair" },
    {
      shape: "`abstract`, `override`",
      tier: "manual",
      why: "other classes declare it too; a property cannot become an accessor in one of them",
    },
    {
      shape: "TypeScript property without a type annotation",
      tier: "manual",
      why: "nothing to build `WeakRef<…>` from",
    },
    {
      shape: "initialised with an owner (`p: T | null = Registry.global`)",
      tier: "manual",
      why: "an owner that is not the one that holds it",
    },
    { shape: "the class already has a `#p` member", tier: "manual", why: "name clash" },
    {
      shape:
        "serialised or copied: a `toJSON` method, `JSON.stringify(this)`, `structuredClone(this)`, `Object.keys/values/entries/assign/getOwnPropertyNames(…this…)`, `{ ...this }`, or `JSON.stringify(x)`/`structuredClone(x)` of a `C` (or `C[]`) anywhere in the file",
      tier: "manual",
      why: "as an accessor `p` would drop out of that output",
    },
    {
      shape: "parameter property when a field initialiser reads `this`",
      tier: "manual",
      why: "once expanded, that initialiser would run before `this.p` is set",
    },
    {
      shape:
        "a class property `p: T`, `p: T | null`, `p?: T` (`T` a class or interface) that an owner `T` sets to itself in the function that inserts the child into its array, `Set`, `Map` or field",
      tier: "unsafe",
      why: "once nothing else holds the owner, `p` reads `null`/`undefined`, and `p` is no longer an own property; leakmod cannot prove the owner outlives every read",
    },
    {
      shape: "the same, but callers do not compile with the accessor (a non-optional `p: T` now reads `T | undefined`)",
      tier: "manual",
      why: "the type-check guard withdraws the fix, with the diagnostic",
    },
  ],
});

export const weakRefsInfo = {
  id: "weak-refs",
  description: "Object-keyed caches become WeakMap/WeakSet; back-references become WeakRef",
  kinds: [objectKeyedCache, backReference],
  config: () => ({}),
} satisfies TransformInfo;
