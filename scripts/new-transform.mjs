#!/usr/bin/env node
// Scaffolds a transform: `node scripts/new-transform.mjs <transform-id> <first-kind-id>`.
// Creates src/transforms/<id>/ (kinds.ts, config.ts, <kind>.ts with its doc block and check
// chain, index.ts), a fixture pair and docs/<id>.md with its case table, adds the transform to
// src/transforms/registry.ts (one line), and writes what is generated from the registry
// (src/transforms/index.ts, src/jscodeshift/<id>.ts; needs a built dist/). Then: write the
// check, the kind's cases and example, the fixtures, and run `npm run docs`.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const [id, kind] = process.argv.slice(2);
const ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
if (!id || !kind || !ID.test(id) || !ID.test(kind)) {
  console.error("usage: node scripts/new-transform.mjs <transform-id> <first-kind-id> (kebab-case)");
  process.exit(2);
}
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const camel = (s) => s.replace(/-(\w)/g, (_m, c) => c.toUpperCase());
const pascal = (s) => camel(s).replace(/^\w/, (c) => c.toUpperCase());
const dir = path.join(repo, "src/transforms", id);
if (existsSync(dir)) {
  console.error(`src/transforms/${id} exists already`);
  process.exit(2);
}
const write = (file, text) => {
  mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
  writeFileSync(path.join(repo, file), text);
  console.log(`created ${file}`);
};
const edit = (file, change) => {
  const full = path.join(repo, file);
  writeFileSync(full, change(readFileSync(full, "utf8")));
  console.log(`updated ${file}`);
};

write(
  `src/transforms/${id}/kinds.ts`,
  `/**
 * The finding kinds of ${id}, declared once (see src/engine/kinds.ts). Metadata only: no
 * runtime import of the compiler.
 */
import { defineKind, type TransformInfo } from "../../engine/kinds.js";
import { ${camel(id)}Config } from "./config.js";

export const ${camel(kind)} = defineKind({
  transform: "${id}",
  id: "${kind}",
  title: "TODO: one line",
  help: "TODO: why it leaks, what the fix does, when it is only reported.",
  applicabilities: ["manual"],
  example: { applicability: "manual", before: "TODO", after: "TODO" },
  cases: [{ shape: "TODO: a shape of code", tier: "manual", why: "TODO" }],
});

export const ${camel(id)}Info = {
  id: "${id}",
  description: "TODO: one line",
  kinds: [${camel(kind)}],
  config: ${camel(id)}Config,
} satisfies TransformInfo;
`,
);
write(
  `src/transforms/${id}/config.ts`,
  `/** The keys ${id} owns in \`leakmod.config.json\` (zod schemas, built with \`zod()\` of src/engine/zod.ts; none yet). */
export const ${camel(id)}Config = () => ({});
`,
);
write(
  `src/transforms/${id}/${kind}.ts`,
  `/**
 * ## What it does
 * TODO
 *
 * ## Why is this bad?
 * TODO
 *
 * ## Example
 * \`\`\`ts
 * TODO
 * \`\`\`
 * Use instead:
 * \`\`\`ts
 * TODO
 * \`\`\`
 *
 * ## Fix safety
 * TODO: safe / unsafe (what changes) / manual (why).
 */
import { ts } from "ts-morph";
import type { FindingInput, TransformContext } from "../../engine/types.js";
import { ${camel(kind)} } from "./kinds.js";

/** Every case the kind reports or skips, in the order of its case table: one early return each. */
export function check${pascal(kind)}(ctx: TransformContext, node: ts.Node): FindingInput | undefined {
  // Ex) TODO: a shape that is not reported, and why.
  if (!ts.isCallExpression(node) || ctx.sourceFile.isDeclarationFile) return undefined;
  // Ex) TODO: the shape that is reported (its applicability must be one the kind declares).
  return { kind: ${camel(kind)}, node, message: "TODO", applicability: "manual" };
}
`,
);
write(
  `src/transforms/${id}/index.ts`,
  `/**
 * ${id}: TODO.
 * - \`${kind}\` (${kind}.ts).
 */
import { ts } from "ts-morph";
import type { Transform } from "../../engine/types.js";
import { ${camel(id)}Info } from "./kinds.js";
import { check${pascal(kind)} } from "./${kind}.js";

export const ${camel(id)}: Transform = {
  ...${camel(id)}Info,
  // A cheap text test: false when the file cannot hold a finding (the checker never sees it).
  prefilter: (text) => text.length > 0,
  analyze(ctx) {
    const visit = (node: ts.Node): void => {
      const finding = check${pascal(kind)}(ctx, node);
      if (finding) ctx.report(finding);
      ts.forEachChild(node, visit);
    };
    visit(ctx.sourceFile);
  },
};
`,
);
// The jscodeshift module and the transforms list are generated from the registry (as `npm run
// docs` does; src/report/generated-sources.ts): written here from the built registry plus this id.
const { jscodeshiftModuleText, transformsIndexText } = await import("../dist/report/generated-sources.js");
const { transformInfos } = await import("../dist/transforms/registry.js");
write(`src/jscodeshift/${id}.ts`, jscodeshiftModuleText(id));
write(`__testfixtures__/${id}/${kind}.input.ts`, "export {};\n");
write(`__testfixtures__/${id}/${kind}.output.ts`, "export {};\n");
write(
  `docs/${id}.md`,
  `# \`${id}\`: TODO

## \`${kind}\`

<!-- leakmod:cases ${kind} -->
<!-- /leakmod:cases -->
`,
);
edit("src/transforms/registry.ts", (s) =>
  s
    .replace(
      /(import \{ \w+Info \} from "\.\/[\w-]+\/kinds\.js";\n)(?!import \{ \w+Info)/,
      `$1import { ${camel(id)}Info } from "./${id}/kinds.js";\n`,
    )
    .replace(/(export const transformInfos = \[\n(?: {2}\w+,\n)*)/, `$1  ${camel(id)}Info,\n`),
);
writeFileSync(
  path.join(repo, "src/transforms/index.ts"),
  transformsIndexText([...transformInfos.map((t) => t.id), id]),
);
console.log(`next: write the check, the kind's cases and example, the fixtures; then npm run docs && npm test`);
