/**
 * Ctrl-C during a long synchronous step.
 *
 * Node runs a process's SIGINT listeners only between turns of the event loop, and building the
 * program, analysing one file or the guard's re-check is each one synchronous call: seconds on a
 * large codebase, minutes on a pathological type, during which a Ctrl-C would wait. A step run
 * through `interruptible` is run by V8 with `breakOnSigint` (what Node's REPL uses): a SIGINT that
 * comes during the step stops it at once, and then the process's own SIGINT listeners (the CLI's:
 * one line, the lock released, exit 130) run as if the signal had come between two steps. Without
 * listeners, Node's default action already ends the process at once, and the step runs as is.
 * SIGTERM and SIGHUP are handled between steps, in the turn of the event loop each step begins with.
 */
import vm from "node:vm";

const STEP = Symbol.for("leakmod.interruptibleStep");

let script: vm.Script | undefined;

/** What a step that a SIGINT stopped throws, after the SIGINT listeners ran (when they did not end the process). */
export class Interrupted extends Error {
  constructor() {
    super("interrupted (SIGINT)");
    this.name = "Interrupted";
  }
}

/**
 * Runs `step` (synchronous) so that a SIGINT stops it at once; resolves to what it returns,
 * rejects with what it throws. The event loop gets a turn first: a SIGINT that came before the
 * step (still waiting for its turn) is handled then, rather than dropped, as it would be when
 * `breakOnSigint` takes the SIGINT listeners off for the step.
 */
export async function interruptible<T>(step: () => T): Promise<T> {
  // Two turns: the first may come before the loop's poll phase, where a signal is read.
  for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
  if (process.listenerCount("SIGINT") === 0) return step();
  script ??= new vm.Script(`globalThis[Symbol.for("leakmod.interruptibleStep")]()`, {
    filename: "leakmod-interruptible-step.js",
  });
  const holder = globalThis as unknown as Record<symbol, (() => void) | undefined>;
  const outer = holder[STEP];
  let result: { value: T } | undefined;
  holder[STEP] = () => {
    result = { value: step() };
  };
  try {
    script.runInThisContext({ breakOnSigint: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException | undefined)?.code === "ERR_SCRIPT_EXECUTION_INTERRUPTED") {
      process.emit("SIGINT", "SIGINT");
      throw new Interrupted();
    }
    throw error;
  } finally {
    holder[STEP] = outer;
  }
  return result!.value;
}
