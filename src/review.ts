/**
 * `leakmod apply --interactive`: each fix that passed the type-check guard is shown as a coloured
 * hunk with its finding, tier and reason, and the user answers with one key, like `git add -p`:
 *
 *   y accept   n skip   a accept this and every other fix of this kind   d skip the rest of this file
 *   q quit (then: write what was accepted so far, or nothing)   ? help
 *
 * The answers only choose; the engine then applies the accepted fixes together (the guard runs
 * again) and writes them atomically at the end. Needs a terminal on stdin.
 */
import { emitKeypressEvents } from "node:readline";
import pc from "picocolors";
import { UserError } from "./engine/errors.js";
import type { Finding } from "./engine/types.js";
import { colourDiff, fixHunks } from "./report/diff.js";
import { shownPath } from "./report/paths.js";

export interface ReviewIO {
  input: NodeJS.ReadStream;
  output: NodeJS.WritableStream;
  colour: boolean;
  cwd: string;
}

/** Throws the one-line error `apply --interactive` gives when stdin is not a terminal. */
export function assertInteractive(input: { isTTY?: boolean }): void {
  if (!input.isTTY) {
    throw new UserError(
      "--interactive needs a terminal: stdin is not a TTY (to review without one, use `leakmod diff` and `git apply`)",
    );
  }
}

type Key = "y" | "n" | "a" | "d" | "q" | "?" | "abort";

function readKey(input: NodeJS.ReadStream, allowed: readonly string[]): Promise<Key> {
  return new Promise((resolve) => {
    const onKey = (str: string | undefined, key: { name?: string; ctrl?: boolean } | undefined): void => {
      const name =
        key?.ctrl && (key.name === "c" || key.name === "d") ? "abort" : (str ?? key?.name ?? "").toLowerCase();
      if (name !== "abort" && !allowed.includes(name)) return;
      input.off("keypress", onKey);
      resolve(name as Key);
    };
    input.on("keypress", onKey);
  });
}

const HELP = [
  "y - accept this fix",
  "n - skip this fix",
  "a - accept this fix and every remaining fix of this kind",
  "d - skip this fix and the rest of this file",
  "q - quit; you then choose to write the fixes accepted so far, or nothing",
  "? - this help",
].join("\n");

/** The review callback for `run()`. */
export function interactiveReview(io: ReviewIO) {
  return async (findings: Finding[], original: (file: string) => string): Promise<Set<Finding>> => {
    const c = io.colour ? pc : pc.createColors(false);
    const write = (s: string): void => void io.output.write(s);
    const accepted = new Set<Finding>();
    const list = [...findings].sort((a, b) =>
      a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column,
    );
    if (list.length === 0) {
      write("leakmod: no fixes to review\n");
      return accepted;
    }
    const input = io.input;
    emitKeypressEvents(input);
    const wasRaw = input.isRaw;
    input.setRawMode?.(true);
    input.resume();
    const acceptKinds = new Set<string>();
    const skipFiles = new Set<string>();
    try {
      for (let i = 0; i < list.length; i++) {
        const f = list[i];
        const ruleId = `${f.rule}/${f.kind}`;
        if (skipFiles.has(f.file)) continue;
        if (acceptKinds.has(ruleId)) {
          accepted.add(f);
          continue;
        }
        const tier = f.applicability === "safe" ? c.green("safe") : c.yellow(f.applicability);
        write(
          `\n${c.bold(`[${i + 1}/${list.length}] ${shownPath(io.cwd, f.file)}:${f.line}:${f.column}`)}  ${c.cyan(ruleId)}  [${tier}]\n`,
        );
        write(`${f.message}\n${c.bold("Fix:")} ${f.fix!.description}\n`);
        const hunks = fixHunks(f, original(f.file));
        write(`${io.colour ? colourDiff(hunks, c) : hunks}\n`);
        for (;;) {
          write(c.blue(`Apply this fix [y,n,a,d,q,?]? `));
          const key = await readKey(input, ["y", "n", "a", "d", "q", "?"]);
          write(`${key === "abort" ? "^C" : key}\n`);
          if (key === "?") {
            write(`${HELP}\n`);
            continue;
          }
          if (key === "y") accepted.add(f);
          else if (key === "a") {
            accepted.add(f);
            acceptKinds.add(ruleId);
          } else if (key === "d") skipFiles.add(f.file);
          else if (key === "abort") {
            write("Interrupted: nothing is written.\n");
            accepted.clear();
            return accepted;
          } else if (key === "q") {
            if (accepted.size === 0) {
              write("Nothing accepted: nothing is written.\n");
              return accepted;
            }
            write(c.blue(`Write the ${accepted.size} fix${accepted.size === 1 ? "" : "es"} accepted so far [y,n]? `));
            const answer = await readKey(input, ["y", "n"]);
            write(`${answer === "abort" ? "^C" : answer}\n`);
            if (answer !== "y") {
              write("Nothing is written.\n");
              accepted.clear();
            }
            return accepted;
          }
          break;
        }
      }
      write(`\nReviewed: ${accepted.size} of ${list.length} fix${list.length === 1 ? "" : "es"} accepted.\n`);
      return accepted;
    } finally {
      input.setRawMode?.(wasRaw);
      input.pause();
    }
  };
}
