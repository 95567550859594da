/**
 * Progress on stderr, only for a person watching: stderr is a TTY, not CI, not `--quiet`, and
 * the output is not machine-readable.
 */
import cliProgress from "cli-progress";

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

/** A progress bar; only shown when a phase has enough files to be worth it. */
export function terminalProgress(): Progress {
  let bar: cliProgress.SingleBar | undefined;
  return {
    start(total, phase) {
      bar?.stop();
      bar = undefined;
      if (total < 50) return;
      bar = new cliProgress.SingleBar(
        {
          stream: process.stderr,
          format: `leakmod: ${phase} [{bar}] {value}/{total} files`,
          clearOnComplete: true,
          // The terminal is left as it is (cursor, line wrapping): nothing to restore on Ctrl-C.
          hideCursor: false,
          linewrap: null,
          etaBuffer: 50,
          fps: 5,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, 0);
    },
    tick() {
      bar?.increment();
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}
