/**
 * Progress on stderr, only for a person watching: stderr is a TTY, not CI, not `--quiet`, and
 * the output is not machine-readable.
 */
import type CliProgress from "cli-progress";
import { loadDependency } from "./dependency.js";

export interface Progress {
  start(total: number, phase: string): void;
  tick(): void;
  stop(): void;
}

export const silentProgress: Progress = { start() {}, tick() {}, stop() {} };

export function wantsProgress(opts: { quiet: boolean; machineOutput: boolean }): boolean {
  const ci = process.env.CI !== undefined && process.env.CI !== "" && process.env.CI !== "false";
  return Boolean(process.stderr.isTTY) && !ci && !opts.quiet && !opts.machineOutput;
}

/** A phase with fewer items than this shows its bar only once it has lasted SLOW_MS. */
const MANY = 50;
const SLOW_MS = 1000;

/**
 * A progress bar, shown when a phase has enough files to be worth it, or once it has lasted a
 * second (one 5 MB file can take long in one phase). A synchronous phase shows it at its next
 * tick, an asynchronous one (formatting) from a timer.
 */
export function terminalProgress(): Progress {
  // Loaded here, on a terminal only: CI and machine formats never show a bar.
  const cliProgress = loadDependency<typeof CliProgress>("cli-progress");
  let bar: CliProgress.SingleBar | undefined;
  let pending: { total: number; phase: string; value: number; since: number } | undefined;
  let timer: NodeJS.Timeout | undefined;
  const show = (): void => {
    if (!pending || bar) return;
    bar = new cliProgress.SingleBar(
      {
        stream: process.stderr,
        format: `leakmod: ${pending.phase} [{bar}] {value}/{total} files`,
        clearOnComplete: true,
        // The terminal is left as it is (cursor, line wrapping): nothing to restore on Ctrl-C.
        hideCursor: false,
        linewrap: null,
        etaBuffer: 50,
        fps: 5,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(pending.total, pending.value);
  };
  const stop = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    bar?.stop();
    bar = undefined;
    pending = undefined;
  };
  return {
    start(total, phase) {
      stop();
      if (total === 0) return;
      pending = { total, phase, value: 0, since: Date.now() };
      if (total >= MANY) show();
      else timer = setTimeout(show, SLOW_MS).unref();
    },
    tick() {
      if (!pending) return;
      pending.value++;
      if (bar) bar.increment();
      else if (Date.now() - pending.since >= SLOW_MS) show();
    },
    stop,
  };
}
