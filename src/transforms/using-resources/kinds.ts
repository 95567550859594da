/**
 * The finding kinds of using-resources, declared once (see src/engine/kinds.ts). Metadata only:
 * no runtime import of the compiler.
 */
import { defineKind, type TransformInfo } from "../../engine/kinds.js";
import { usingResourcesConfig } from "./config.js";

export const finallyCleanup = defineKind({
  transform: "using-resources",
  id: "finally-cleanup",
  category: "modernize",
  title:
    "Resource already released on every path by the `finally` after its declaration: `using` says it shorter (a modernisation, not a leak)",
  help:
    "A resource (a value with [Symbol.dispose]/[Symbol.asyncDispose], or made by a factory of the resource table such as fs.openSync, fs.promises.open, opendirSync or pool.connect, or of leakmod.config.json) " +
    "released by the last statement of the `finally` that follows its declaration. Safe fix: `using` (or `await using` when the release is awaited) releases it at the same point; " +
    "the `try` goes and its body joins the block, or, when statements follow the `try`, the `try` becomes a plain block that starts with the `using` (`{ await using _b = b; … }`: nothing else moves or is re-indented, so the diff stays as small as the change); other `finally` statements and a `catch` stay in a smaller `try`. " +
    "Where the value's own dispose is not known to be the release call, the exact call is kept: `using _fd = { [Symbol.dispose]: () => fs.closeSync(fd) };`. " +
    "Declarations that cannot throw (`let result;`) may sit between the declaration and the `try`, and so may other statements that cannot throw (literals, locals, closures, data fields) or that release it and leave (`if (canceled) { await b.close(); throw e; }`): then nothing leaks before the `try`. " +
    "The code already releases it on every path, so this is a modernisation: reported apart from leaks and not counted by `--fail-on` unless `--modernize fail` (`--modernize off` drops it). " +
    "Manual when the `finally` can jump past the release, the release is not its last statement, or the value is used outside the `try`.",
  applicabilities: ["safe", "manual"],
  example: {
    applicability: "safe",
    before: [
      'import fs from "node:fs";',
      "export async function readConfig(p: string): Promise<unknown> {",
      "  const fh = await fs.promises.open(p);",
      "  try {",
      '    return JSON.parse(await fh.readFile("utf8"));',
      "  } finally {",
      "    await fh.close();",
      "  }",
      "}",
    ].join("\n"),
    after: [
      'import fs from "node:fs";',
      "export async function readConfig(p: string): Promise<unknown> {",
      "  await using fh = await fs.promises.open(p);",
      '  return JSON.parse(await fh.readFile("utf8"));',
      "}",
    ].join("\n"),
  },
  cases: [
    {
      shape:
        "released by the last statement of the `finally` of the `try` right after the declaration (past declarations that cannot throw)",
      tier: "safe",
      why: "`using` releases it at the same point, in the same order: the same program without the `try`",
    },
    {
      shape:
        "statements between the declaration and the `try` that cannot throw (literals, locals, closures, data fields of typed objects, `===`, `!`) or that release it and leave (`if (canceled) { await b.close(); throw e; }`)",
      tier: "safe",
      why: "no path leaves it open: a modernisation, not a `partial-cleanup`. A call, `new`, a spread, an accessor, `==` or arithmetic can throw, and make it one",
    },
    {
      shape:
        "the other statements of that `finally` can jump (`return`, `break`, `continue`, `throw`) past the release",
      tier: "manual",
      why: "`using` would release it on paths where the code did not",
    },
    {
      shape: "the release is not the last statement of the `finally`",
      tier: "manual",
      why: "`using` would release it after the statements that follow the release",
    },
    {
      shape: "the variable is used outside the declaration and its `try`",
      tier: "manual",
      why: "`using` would release it before those uses, or after them",
    },
  ],
});

export const partialCleanup = defineKind({
  transform: "using-resources",
  id: "partial-cleanup",
  title: "Resource released on some paths only",
  help:
    "A resource released by a statement after its uses (the happy path), or in the `finally` of a `try` further down: an exception or an early return before it leaks the resource. " +
    "Safe fix when nothing but a `return` follows the release (or the code up to the release can move into a block of its own), or when the release ends the `finally` of that later `try`: " +
    "declare it with `using` and drop the release, along with releases written the same way right before a `return`/`throw`. " +
    "Unsafe when statements follow that need names declared before the release, or a `using` declared after it would now be released first: the release then moves to the end of the block. " +
    "Manual when it is released in other places too, conditionally, in a callback, used after the release, or when it escapes. " +
    "A value made here only sometimes (`this.runner ?? pool.create()`, `a || open()`, a ternary, a project function returning a field or a new one) is never given `using`, which would release the borrowed one too: released in the `finally` that covers it (under its ownership condition), it is not reported; released on some paths only, it is reported manual with advice that keeps the condition. " +
    "A class of the project with `close()`/`dispose()`/`release()`/`destroy()` and no dispose symbol is a resource where the function that creates it also releases it; moving its release onto the error paths is then unsafe (leakmod knows nothing else of that release).",
  applicabilities: ["safe", "unsafe", "manual"],
  example: {
    applicability: "safe",
    before: [
      'import fs from "node:fs";',
      "export function firstByte(p: string): number {",
      '  const fd = fs.openSync(p, "r");',
      "  const buf = Buffer.alloc(1);",
      "  fs.readSync(fd, buf);",
      "  fs.closeSync(fd);",
      "  return buf[0]!;",
      "}",
    ].join("\n"),
    after: [
      'import fs from "node:fs";',
      "export function firstByte(p: string): number {",
      '  const fd = fs.openSync(p, "r");',
      "  using _fd = { [Symbol.dispose]: () => fs.closeSync(fd) };",
      "  const buf = Buffer.alloc(1);",
      "  fs.readSync(fd, buf);",
      "  return buf[0]!;",
      "}",
    ].join("\n"),
  },
  cases: [
    {
      shape: "released by a statement of its own block, followed by nothing but a `return` that does not use it",
      tier: "safe",
      why: "`using` releases it on every path and, on the happy path, at the same point",
    },
    {
      shape:
        "other statements follow the release, and the code from the declaration to the release can move into a block of its own",
      tier: "safe",
      why: "that block ends where the release was",
    },
    {
      shape: "statements after the release use names declared before it",
      tier: "unsafe",
      why: "with `using` the release moves to the end of the block, after those statements",
    },
    {
      shape: "released by the last statement of the `finally` of a `try` further down the block",
      tier: "safe",
      why: "an exception before that `try` leaked it; `using` covers those statements",
    },
    {
      shape: "also released right before a `return`/`throw` that leaves the block, written like the main release",
      tier: "safe",
      why: "leaving the block releases it there, after the returned value or the error is made",
    },
    {
      shape:
        "released in other places too (inside a condition, a loop, a callback), or the `finally` that releases it also releases something declared after it",
      tier: "manual",
      why: "no single point where `using` releases it the same way",
    },
    {
      shape: "used after its release",
      tier: "manual",
      why: "`using` would keep it open for that use: a change leakmod cannot judge",
    },
    { shape: "it escapes (see `unreleased-resource`)", tier: "manual", why: "it may be needed after its block" },
    {
      shape:
        "in a test or a test hook (`it(…)`, `test.concurrent(…)`, `test.each(rows)(…)`, `beforeEach(…)`, node:test's `t.test(…)`), released by a statement of the test's own body, with no `return` in the test",
      tier: "not reported",
      why: "only a failing assertion or an exception skips the release, and a failed test is reported by the runner, not leaked into a program",
    },
    {
      shape:
        "made here only sometimes (`this.runner ?? create()`, `a || open()`, a ternary, a project function returning a field or a new value), released in the `finally` that covers it, under its ownership condition",
      tier: "not reported",
      why: "released on every path that owns it; `using` would release the borrowed one too",
    },
    {
      shape: "made here only sometimes, released on some paths only (the happy path, before a `return`)",
      tier: "manual",
      why: "the one made here leaks on the other paths; the advice keeps the ownership condition, never `using`",
    },
    {
      shape:
        "a class of the project with `close()`/`dispose()`/`release()`/`destroy()` and no dispose symbol, released by the function that creates it, on some paths only",
      tier: "unsafe",
      why: "a resource by that evidence; `using` would also release it when what comes before the release throws, which leakmod cannot judge for that class",
    },
    {
      shape: "such a class not released by the function that creates it (returned, kept, or released in a callback)",
      tier: "not reported",
      why: "nothing says it is a resource of this function",
    },
  ],
});

export const unreleasedResource = defineKind({
  transform: "using-resources",
  id: "unreleased-resource",
  title: "Resource never released",
  help:
    "A resource nothing releases. Safe fix when it is scoped by nature (descriptor, FileHandle, directory handle, pool client, a Disposable class of the project) and never leaves its block: `using` releases it when the block ends. " +
    "Manual, with advice, for timers, child processes, servers, sockets, streams, watchers, workers, classes that start work and anything created with a callback: they exist to act after the scope and `using` would stop them " +
    "(when the program hands such a one on or releases it elsewhere, its lifetime is managed on purpose and nothing is reported); " +
    "for a scoped resource that escapes (returned, assigned, stored in a field or collection, captured by a closure, passed to an unknown function, given a callback, piped, chained with `.then()`); " +
    "a factory that returns it on every path that completes hands it to its caller and is not reported, but one that returns it on one path and leaves it open on another is; " +
    'and for module-level resources. Fixes need TypeScript >= 5.2, lib esnext.disposable, a runtime with Symbol.dispose, and evidence that `using` runs where the code runs: tsc emitting it below ESNext, a build tool known to lower it, engines.node >= 24 for code that never runs in a browser, or `"runtime": { "using": "lowered" | "native" }` in leakmod.config.json.',
  applicabilities: ["safe", "manual"],
  example: {
    applicability: "safe",
    before: [
      'import fs from "node:fs";',
      "export async function head(p: string): Promise<string> {",
      '  const fh = await fs.promises.open(p, "r");',
      "  const { buffer } = await fh.read(Buffer.alloc(64), 0, 64, 0);",
      '  return buffer.toString("utf8");',
      "}",
    ].join("\n"),
    after: [
      'import fs from "node:fs";',
      "export async function head(p: string): Promise<string> {",
      '  await using fh = await fs.promises.open(p, "r");',
      "  const { buffer } = await fh.read(Buffer.alloc(64), 0, 64, 0);",
      '  return buffer.toString("utf8");',
      "}",
    ].join("\n"),
  },
  cases: [
    {
      shape:
        "a scoped resource (descriptor, `FileHandle`, directory handle, pool client, a `Disposable` class of the project) that never leaves its block",
      tier: "safe",
      why: "`using` releases it when the block ends",
    },
    {
      shape:
        "a timer, child process, server, socket, stream, watcher, worker, class that starts work, anything created with a callback, or an unknown library disposable",
      tier: "manual",
      why: "it exists to act after the scope: `using` would stop it",
    },
    {
      shape: "one of those handed on or released elsewhere (in a callback, conditionally)",
      tier: "not reported",
      why: "its lifetime is managed on purpose",
    },
    {
      shape:
        "a scoped resource that escapes: returned, assigned, stored, captured by a closure, passed to an unknown function, given a callback, piped, chained with `.then()`",
      tier: "manual",
      why: "it may be needed after its block; whoever ends up holding it must release it",
    },
    {
      shape:
        "made by a factory for its caller: returned on every path that completes (`return fd` ends the function, every other `return` returns it), released right before any `throw`",
      tier: "not reported",
      why: "the function hands it to its caller, who owns it from then on: the caller's uses are what matter",
    },
    {
      shape:
        "returned at the end of the function, but another exit leaves without it (a `return` of something else, a `throw` without a release)",
      tier: "manual",
      why: "that exit leaks it; the advice names it and says to release it there",
    },
    {
      shape:
        "a stream of Node's crypto module (`Hash`, `Hmac`, `Cipheriv`, `Decipheriv`, `Sign`, `Verify`): async-disposable by type",
      tier: "not reported",
      why: "it holds no OS resource, only memory the garbage collector frees; `update()`/`digest()` need no release (zlib streams do hold a native context, and stay reported)",
    },
    {
      shape: "needs `await using` where `await` is not allowed, or a function-style release that is not in scope",
      tier: "manual",
      why: "no `using` can be written there",
    },
    {
      shape: "a module-level resource",
      tier: "manual",
      why: "it lives as long as the module: release it on shutdown, or move the work that needs it into a block",
    },
    {
      shape: "an exported module-level value",
      tier: "not reported",
      why: "not a local: other modules may hold and release it",
    },
  ],
});

export const usingResourcesInfo = {
  id: "using-resources",
  description:
    "Resources (descriptors, file handles, pool clients, Disposables) are released on every path with `using` / `await using`",
  kinds: [finallyCleanup, partialCleanup, unreleasedResource],
  config: usingResourcesConfig,
} satisfies TransformInfo;
