#!/usr/bin/env node
/**
 * Converts fixtures that still have a `<case>.findings.json` (line numbers) to the annotation
 * convention of __testfixtures__/README.md: a `// REPORT: <kind> <tier> [<status>]` comment is
 * appended to each expected finding's line of the input, the output is made again by the built
 * engine (the annotation travels with its line), and the JSON file is removed. A case is
 * converted only when its new output, without the annotations, is the old output exactly and
 * its findings are the expected ones; otherwise it is left as it was and named on stderr.
 *
 *   npm run build && node scripts/convert-findings-json.mjs [transform/case ...]
 */
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const FIXTURES = path.join(REPO, "__testfixtures__");
const { run } = await import(path.join(REPO, "dist", "engine", "run.js"));
const { selectTransforms } = await import(path.join(REPO, "dist", "transforms", "index.js"));

const defaultStatus = (tier, unsafe) =>
  tier === "manual" ? "none" : tier === "unsafe" && !unsafe ? "skipped" : "applied";

function annotate(text, findings, unsafe) {
  const lines = text.split(/(?<=\n)/);
  const byLine = new Map();
  for (const f of findings) byLine.set(f.line, [...(byLine.get(f.line) ?? []), f]);
  for (const [line, list] of byLine) {
    const raw = lines[line - 1];
    const eol = /\r?\n$/.exec(raw)?.[0] ?? "";
    const body = raw.slice(0, raw.length - eol.length);
    const note = list
      .map(
        (f) =>
          `REPORT: ${f.kind} ${f.applicability}${f.status === defaultStatus(f.applicability, unsafe) ? "" : ` ${f.status}`}`,
      )
      .join("; ");
    lines[line - 1] = `${body.replace(/\s+$/, "")} // ${note}${eol}`;
  }
  return lines.join("");
}

const strip = (text) => text.replace(/ \/\/ REPORT: [^\r\n]*/g, "");

function tsconfigFor(overrides = {}) {
  const base = JSON.parse(readFileSync(path.join(FIXTURES, "tsconfig.json"), "utf8"));
  return `${JSON.stringify({ compilerOptions: { ...base.compilerOptions, ...overrides } }, null, 2)}\n`;
}

const wanted = process.argv.slice(2);
let failed = 0;
for (const transform of readdirSync(FIXTURES, { withFileTypes: true })) {
  if (!transform.isDirectory()) continue;
  const dir = path.join(FIXTURES, transform.name);
  for (const file of readdirSync(dir).sort()) {
    const m = /^(.*)\.findings\.json$/.exec(file);
    if (!m) continue;
    const name = m[1];
    if (wanted.length > 0 && !wanted.includes(`${transform.name}/${name}`)) continue;
    const inputName = readdirSync(dir).find((f) => f.startsWith(`${name}.input.`));
    const ext = inputName.slice(`${name}.input.`.length);
    const optionsPath = path.join(dir, `${name}.options.json`);
    const options = existsSync(optionsPath) ? JSON.parse(readFileSync(optionsPath, "utf8")) : {};
    const findings = JSON.parse(readFileSync(path.join(dir, file), "utf8"));
    const input = readFileSync(path.join(dir, inputName), "utf8");
    const oldOutput = readFileSync(path.join(dir, `${name}.output.${ext}`), "utf8");
    const newInput = annotate(input, findings, Boolean(options.unsafe));

    const tmp = mkdtempSync(path.join(os.tmpdir(), "leakmod-convert-"));
    try {
      writeFileSync(path.join(tmp, "tsconfig.json"), tsconfigFor(options.compilerOptions));
      writeFileSync(path.join(tmp, ".prettierrc.json"), readFileSync(path.join(FIXTURES, ".prettierrc.json")));
      writeFileSync(
        path.join(tmp, "package.json"),
        `${JSON.stringify({ name: "fixtures", private: true, type: "module", ...(options.enginesNode ? { engines: { node: options.enginesNode } } : {}) }, null, 2)}\n`,
      );
      symlinkSync(path.join(REPO, "node_modules"), path.join(tmp, "node_modules"), "dir");
      const target = path.join(tmp, `${name}.${ext}`);
      writeFileSync(target, newInput);
      const result = await run({
        cwd: tmp,
        paths: ["."],
        transforms: selectTransforms([transform.name]),
        mode: "apply",
        unsafe: Boolean(options.unsafe),
      });
      const newOutput = result.changes.find((c) => c.file === target)?.after ?? newInput;
      const got = result.findings
        .map((f) => `${f.line} ${f.kind} ${f.applicability} ${f.fixStatus}`)
        .sort()
        .join("\n");
      const want = findings
        .map((f) => `${f.line} ${f.kind} ${f.applicability} ${f.status}`)
        .sort()
        .join("\n");
      if (strip(newOutput) !== oldOutput || got !== want) {
        failed++;
        process.stderr.write(
          `not converted: ${transform.name}/${name}${got !== want ? ` (findings: ${got} vs ${want})` : " (output differs)"}\n`,
        );
        if (strip(newOutput) !== oldOutput)
          writeFileSync(path.join(os.tmpdir(), `convert-${transform.name}-${name}.out`), newOutput);
        continue;
      }
      writeFileSync(path.join(dir, inputName), newInput);
      writeFileSync(path.join(dir, `${name}.output.${ext}`), newOutput);
      unlinkSync(path.join(dir, file));
      process.stdout.write(`converted ${transform.name}/${name}\n`);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }
}
process.exitCode = failed > 0 ? 1 : 0;
