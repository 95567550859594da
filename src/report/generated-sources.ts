/**
 * Source files generated from the transform registry (src/transforms/registry.ts), so that adding
 * a transform is its folder plus one registry line: `npm run docs` writes src/transforms/index.ts
 * (the transforms in run order) and src/jscodeshift/<id>.ts (one jscodeshift module each), and
 * test/kinds.test.ts fails when the committed files are not what it would write. A transform's
 * folder exports it from its index.ts under its id in camelCase (`weak-refs` → `weakRefs`).
 */

/** `weak-refs` → `weakRefs`. */
export function transformExportName(id: string): string {
  return id.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** src/transforms/index.ts for the transforms `ids`, in run order. */
export function transformsIndexText(ids: readonly string[]): string {
  const imports = [...ids]
    .sort()
    .map((id) => `import { ${transformExportName(id)} } from "./${id}/index.js";`)
    .join("\n");
  return `// Generated from src/transforms/registry.ts by \`npm run docs\`: do not edit.
/**
 * Every transform leakmod knows, in the order they run. The engine knows no more than this list.
 */
import type { Transform } from "../engine/types.js";
${imports}
import { selectTransformIds } from "./registry.js";

export const transforms: readonly Transform[] = [${ids.map(transformExportName).join(", ")}];

/** The transforms with the given ids (all when none are given); an unknown id is a UserError. */
export function selectTransforms(ids: readonly string[] | undefined): Transform[] {
  const wanted = selectTransformIds(ids);
  return transforms.filter((t) => wanted.includes(t.id));
}
`;
}

/** src/jscodeshift/<id>.ts: the transform as a jscodeshift module. */
export function jscodeshiftModuleText(id: string): string {
  const name = transformExportName(id);
  return `// Generated from src/transforms/registry.ts by \`npm run docs\`: do not edit.
// jscodeshift runs transform modules through Babel by default: turn that off first (see no-babel.ts).
import "./no-babel.js";
import { ${name} } from "../transforms/${id}/index.js";
import { toJscodeshift } from "./adapter.js";

/** The parser jscodeshift should use for \`api.jscodeshift\` (leakmod itself reads \`file.source\`). */
export const parser = "ts";

export default toJscodeshift(${name});
`;
}
