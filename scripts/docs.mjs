#!/usr/bin/env node
// Regenerates what is generated from the registry: the case tables of docs/<transform>.md (from
// src/transforms/*/kinds.ts) and leakmod.config.schema.json (from the config keys). Run through
// `npm run docs` (it builds first).
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { leakmodConfigJsonSchema } from "../dist/config.js";
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

const schemaFile = path.join(repo, "leakmod.config.schema.json");
const schema = `${JSON.stringify(leakmodConfigJsonSchema(), null, 2)}\n`;
if (readFileSync(schemaFile, { encoding: "utf8", flag: "a+" }) !== schema) {
  writeFileSync(schemaFile, schema);
  console.log("leakmod.config.schema.json updated");
}
