#!/usr/bin/env node
// Regenerates the case tables of docs/<transform>.md from the kinds (src/transforms/*/kinds.ts).
// Run through `npm run docs` (it builds first).
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { generatedDocs } from "../dist/report/docs.js";
import { transformInfos } from "../dist/transforms/registry.js";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
for (const transform of transformInfos) {
  const file = path.join(repo, "docs", `${transform.id}.md`);
  const before = readFileSync(file, "utf8");
  const after = generatedDocs(before, transform);
  if (after !== before) {
    writeFileSync(file, after);
    console.log(`docs/${transform.id}.md: case tables updated`);
  }
}
