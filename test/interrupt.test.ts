/**
 * engine/interrupt.ts: a SIGINT stops a synchronous step at once and runs the process's SIGINT
 * listeners (a step that never ends would otherwise hold the process until it is killed); what a
 * step returns or throws passes through.
 */
import { describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { pathToFileURL } from "node:url";
import path from "node:path";
import { interruptible, Interrupted } from "../src/engine/interrupt.js";
import { REPO } from "./helpers.js";

/** Runs `body` as an ES module in a child Node; SIGINT is sent when it prints "ready". */
async function interruptChild(body: string): Promise<{ code: number | null; signal: string | null; stdout: string }> {
  const module = pathToFileURL(path.join(REPO, "dist", "engine", "interrupt.js")).href;
  const child = spawn(process.execPath, [
    "--input-type=module",
    "-e",
    `import { interruptible } from ${JSON.stringify(module)};\n${body}`,
  ]);
  let stdout = "";
  let sent = false;
  child.stdout.on("data", (d: Buffer) => {
    stdout += d.toString();
    if (!sent && stdout.includes("ready")) sent = child.kill("SIGINT");
  });
  try {
    const [code, signal] = await new Promise<[number | null, string | null]>((resolve) =>
      child.on("exit", (c, s) => resolve([c, s])),
    );
    return { code, signal, stdout };
  } finally {
    child.kill("SIGKILL");
  }
}

describe("interruptible", () => {
  it("a SIGINT stops a step that never ends, and the process's SIGINT listener runs", async () => {
    const r = await interruptChild(`
import { writeSync } from "node:fs";
process.on("SIGINT", () => { writeSync(1, "handled\\n"); process.exit(130); });
await interruptible(() => { writeSync(1, "ready\\n"); for (;;) {} });
`);
    expect(r).toEqual({ code: 130, signal: null, stdout: "ready\nhandled\n" });
  }, 60_000);

  it("a listener that does not end the process: the step is stopped, Interrupted is thrown, the listener ran once", async () => {
    const r = await interruptChild(`
import { writeSync } from "node:fs";
let heard = 0;
process.on("SIGINT", () => { heard++; });
try {
  await interruptible(() => { writeSync(1, "ready\\n"); for (;;) {} });
} catch (error) {
  writeSync(1, error.name + " " + heard + "\\n");
}
`);
    expect(r).toEqual({ code: 0, signal: null, stdout: "ready\nInterrupted 1\n" });
  }, 60_000);

  it("a SIGINT that came before the step is handled before it, not lost", async () => {
    const r = await interruptChild(`
import { writeSync } from "node:fs";
process.on("SIGINT", () => { writeSync(1, "handled\\n"); process.exit(130); });
writeSync(1, "ready\\n");
const until = Date.now() + 1500;
while (Date.now() < until) {} // the signal comes here, between steps
await interruptible(() => { writeSync(1, "step ran\\n"); });
`);
    expect(r).toEqual({ code: 130, signal: null, stdout: "ready\nhandled\n" });
  }, 60_000);

  it("resolves to what the step returns, rejects with what it throws", async () => {
    await expect(interruptible(() => 42)).resolves.toBe(42);
    const failure = new TypeError("boom");
    await expect(
      interruptible(() => {
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(new Interrupted()).toBeInstanceOf(Error);
  });
});
