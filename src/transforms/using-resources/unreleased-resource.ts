/**
 * ## What it does
 * Finds a resource nothing releases and, when it is scoped by nature (a descriptor, a
 * `FileHandle`, a directory handle, a pool client, a `Disposable` class of the project) and
 * never leaves its block, declares it with `using` / `await using`. Reached from `judge`
 * (analyze.ts) as case 3, after the escapes and module-level resources it reports itself.
 *
 * ## Why is this bad?
 * Its release never runs: descriptors stay open until the process exits, handles until the
 * garbage collector closes them, if it ever runs.
 *
 * ## Example
 * ```ts
 * const fh = await fs.promises.open(p, "r");
 * const { buffer } = await fh.read(Buffer.alloc(64), 0, 64, 0);
 * return buffer.toString("utf8");
 * ```
 * ## Use instead
 * ```ts
 * await using fh = await fs.promises.open(p, "r");
 * const { buffer } = await fh.read(Buffer.alloc(64), 0, 64, 0);
 * return buffer.toString("utf8");
 * ```
 *
 * ## Fix safety
 * Safe when scoped and never leaving its block. In the order `judgeUnreleased` tries them: a
 * library disposable released by an unknown method in a `finally` is not reported; something
 * meant to act after the scope (timer, process, server, socket, stream, watcher, worker, a class
 * that starts work, an unknown library disposable) is manual with advice; so is a resource made
 * with a callback, one whose function-style release is not in scope, one that needs
 * `await using` where `await` is not allowed, and every fix when the project cannot run `using`.
 */
import type { TransformContext } from "../../engine/types.js";
import type { Form } from "./edits.js";
import { unreleasedResource } from "./kinds.js";
import type { Resource } from "./resource-of.js";
import type { ResourceFactory } from "./resources.js";
import { isFunctionArgument } from "./value-types.js";
import type { Use } from "./uses.js";
import { isMethodCallInFinally } from "./releases.js";
import { isAsyncContext, inlineForm, canBeNative, tolerantRelease, cleanupCallee } from "./forms.js";
import { shortText, notRewritten } from "./messages.js";
import type { Verdict, FileState } from "./verdict.js";

/** Case 3. Ex) `const fd = fs.openSync(p); return fs.readFileSync(fd, "utf8");` */
export function judgeUnreleased(
  ctx: TransformContext,
  r: Resource,
  uses: readonly Use[],
  state: FileState,
): Verdict | undefined {
  const sf = ctx.sourceFile;
  const subject = `\`${r.name}\` (${r.label})`;
  const manual = (why: string): Verdict => ({
    kind: unreleasedResource,
    applicability: "manual",
    message: `${subject} is never released here: ${why}`,
  });
  // Ex) `const spy = vi.spyOn(o, "m"); try { … } finally { spy.mockRestore(); }`: a library
  // disposable released by a method leakmod does not know, in a `finally`: released after all.
  if (r.nature === "unknown" && uses.some((u) => isMethodCallInFinally(u.ref))) return undefined;
  // Ex) `const t = setTimeout(flush, 1000)`, `const child = spawn(cmd, { detached: true })`: meant to outlive the scope.
  if (r.nature !== "scoped")
    return manual(`${r.advice ?? "it is not scoped by nature, so leakmod does not release it"}.`);
  // Ex) `const sub = new Subscription(onEvent)`: created with a callback, it acts after the scope.
  const callback = r.call.arguments?.find((a) => isFunctionArgument(ctx.checker, a));
  if (callback)
    return manual(
      `it is created with a callback (\`${shortText(sf, callback, 30)}\`), so it acts after this scope; \`using\` would stop it. Release it where its work ends.`,
    );
  // Ex) `closeSync` not imported, `await using` outside an async function, no known release.
  const form =
    r.factory && !r.factory.nativeDispose
      ? factoryForm(ctx, r, r.factory, uses, state)
      : disposeForm(ctx, r, uses, state);
  if (typeof form === "string") return manual(form);
  const keyword = form.kind === "native" ? form.keyword : form.text.startsWith("await") ? "await using" : "using";
  const message = `${subject} is never released: ${r.leak}. It never leaves this block, so \`${keyword}\` releases it when the block ends.`;
  if (state.blocker)
    return { kind: unreleasedResource, applicability: "manual", message: message + notRewritten(state.blocker) };
  return {
    kind: unreleasedResource,
    applicability: "safe",
    message,
    description: `Declare \`${r.name}\` with \`${keyword}\``,
    plan: { statement: r.statement, container: r.container, form, shape: { case: "unreleased" } },
  };
}

/** The inline disposable around the factory's release call, or why none can be written (the advice). */
function factoryForm(
  ctx: TransformContext,
  r: Resource,
  f: ResourceFactory,
  uses: readonly Use[],
  state: FileState,
): Form | string {
  let callText: string;
  if (f.cleanup.style === "method") callText = `${r.name}.${f.cleanup.call}()`;
  else {
    const callee = cleanupCallee(ctx, r, f);
    if (!callee)
      return `\`${f.cleanup.call}\` is not in scope to release it; import it and declare \`using _${r.name} = { [Symbol.dispose]: () => ${f.cleanup.call}(${r.name}) }\` by hand.`;
    callText = `${callee}(${r.name})`;
  }
  if (f.cleanup.async && !isAsyncContext(r))
    return `releasing it needs \`await using\`, and \`await\` is not allowed here.`;
  const iterated = f.closedByIteration && uses.some((u) => u.kind === "use" && u.iteratedAsync);
  if (iterated) callText = tolerantRelease(ctx.sourceFile, callText, f.cleanup.async);
  return inlineForm(ctx, r, callText, f.cleanup.async, true, state.taken, iterated && !f.cleanup.async);
}

/** `using` on the declaration itself, or an inline disposable calling its dispose symbol; or why neither can be written. */
function disposeForm(ctx: TransformContext, r: Resource, uses: readonly Use[], state: FileState): Form | string {
  const d = r.dispose;
  if (!d) return "leakmod does not know how to release it.";
  const asyncOk = isAsyncContext(r);
  const useAsync = d.async && (asyncOk || !d.sync);
  if (useAsync && !asyncOk)
    return `it has only \`[Symbol.asyncDispose]\`, so it needs \`await using\`, and \`await\` is not allowed here.`;
  const keyword = useAsync ? "await using" : "using";
  return canBeNative(r, uses)
    ? { kind: "native", keyword }
    : inlineForm(
        ctx,
        r,
        `${r.name}[Symbol.${useAsync ? "asyncDispose" : "dispose"}]()`,
        useAsync,
        useAsync,
        state.taken,
      );
}
