/**
 * using-resources: resources released on every path with `using` / `await using`.
 * - `finally-cleanup`: released in the `finally` right after the declaration (case 1);
 * - `partial-cleanup`: released on some paths only, typically the happy path (case 2);
 * - `unreleased-resource`: never released (case 3).
 * The rule is in analyze.ts, the edits in edits.ts, the project checks in support.ts, the
 * resource table in ../resources.ts.
 */
import type { Transform } from "../../engine/types.js";
import { analyzeResources, FINALLY_KIND, PARTIAL_KIND, prefilterPattern, UNRELEASED_KIND } from "./analyze.js";
import { projectSupport } from "./support.js";

const defaultPattern = prefilterPattern();

export const usingResources: Transform = {
  id: "using-resources",
  description:
    "Resources (descriptors, file handles, pool clients, Disposables) are released on every path with `using` / `await using`",
  kinds: [
    {
      id: FINALLY_KIND,
      title:
        "Resource already released on every path by the `finally` after its declaration: `using` says it shorter (a modernisation, not a leak)",
      help:
        "A resource (a value with [Symbol.dispose]/[Symbol.asyncDispose], or made by a factory of the resource table such as fs.openSync, fs.promises.open, opendirSync or pool.connect, or of leakmod.config.json) " +
        "released by the last statement of the `finally` that follows its declaration. Safe fix: `using` (or `await using` when the release is awaited) releases it at the same point; " +
        "the `try` goes and its body joins the block, or a new `{ }` block holds them when statements follow the `try`; other `finally` statements and a `catch` stay in a smaller `try`. " +
        "Where the value's own dispose is not known to be the release call, the exact call is kept: `using _fd = { [Symbol.dispose]: () => fs.closeSync(fd) };`. " +
        "Declarations that cannot throw (`let result;`) may sit between the declaration and the `try`, and so may other statements that cannot throw (literals, locals, closures, data fields) or that release it and leave (`if (canceled) { await b.close(); throw e; }`): then nothing leaks before the `try`. " +
        "The code already releases it on every path, so this is a modernisation: reported apart from leaks and not counted by `--fail-on` unless `--modernize fail` (`--modernize off` drops it). " +
        "Manual when the `finally` can jump past the release, the release is not its last statement, or the value is used outside the `try`.",
      applicabilities: ["safe", "manual"],
      category: "modernize",
    },
    {
      id: PARTIAL_KIND,
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
    },
    {
      id: UNRELEASED_KIND,
      title: "Resource never released",
      help:
        "A resource nothing releases. Safe fix when it is scoped by nature (descriptor, FileHandle, directory handle, pool client, a Disposable class of the project) and never leaves its block: `using` releases it when the block ends. " +
        "Manual, with advice, for timers, child processes, servers, sockets, streams, watchers, workers, classes that start work and anything created with a callback: they exist to act after the scope and `using` would stop them " +
        "(when the program hands such a one on or releases it elsewhere, its lifetime is managed on purpose and nothing is reported); " +
        "for a scoped resource that escapes (returned, assigned, stored in a field or collection, captured by a closure, passed to an unknown function, given a callback, piped, chained with `.then()`); " +
        "and for module-level resources. Fixes need TypeScript >= 5.2, lib esnext.disposable and a runtime with Symbol.dispose; plain .js files need package.json engines.node >= 24.",
      applicabilities: ["safe", "manual"],
    },
  ],
  example: {
    before: [
      "async function readConfig(p: string) {",
      "  const fh = await fs.promises.open(p);",
      "  try {",
      '    return JSON.parse(await fh.readFile("utf8"));',
      "  } finally {",
      "    await fh.close();",
      "  }",
      "}",
      "function checksum(p: string): number {",
      '  const fd = fs.openSync(p, "r");',
      "  const sum = crc(fs.readFileSync(fd));",
      "  fs.closeSync(fd);",
      "  return sum;",
      "}",
    ].join("\n"),
    after: [
      "async function readConfig(p: string) {",
      "  await using fh = await fs.promises.open(p);",
      '  return JSON.parse(await fh.readFile("utf8"));',
      "}",
      "function checksum(p: string): number {",
      '  const fd = fs.openSync(p, "r");',
      "  using _fd = { [Symbol.dispose]: () => fs.closeSync(fd) };",
      "  const sum = crc(fs.readFileSync(fd));",
      "  return sum;",
      "}",
    ].join("\n"),
  },
  prefilter: (text, project) =>
    (project?.config.resources?.length ? prefilterPattern(project) : defaultPattern).test(text),
  preflight: (project, program) => projectSupport(project, program).messages,
  analyze(ctx) {
    analyzeResources(ctx);
  },
};
