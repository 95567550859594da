#!/usr/bin/env node
// Regenerates what is generated from the registry: the case tables of docs/<transform>.md (from
// src/transforms/*/kinds.ts), leakmod.config.schema.json (from the config keys), and the source
// files that list the transforms: src/transforms/index.ts and src/jscodeshift/<id>.ts. Run
// through `npm run docs` (it builds first; run it again after a new transform's first build).
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { leakmodConfigJsonSchema } from "../dist/config.js";
import { generatedDocs } from "../dist/report/docs.js";
import { jscodeshiftModuleText, transformsIndexText } from "../dist/report/generated-sources.js";
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

/** Writes `file` (relative to the repository) when its text differs. */
function writeGenerated(file, text) {
  const full = path.join(repo, file);
  if (readFileSync(full, { encoding: "utf8", flag: "a+" }) !== text) {
    writeFileSync(full, text);
    console.log(`${file} updated`);
  }
}
writeGenerated("src/transforms/index.ts", transformsIndexText(transformInfos.map((t) => t.id)));
for (const transform of transformInfos) {
  writeGenerated(`src/jscodeshift/${transform.id}.ts`, jscodeshiftModuleText(transform.id));
}
