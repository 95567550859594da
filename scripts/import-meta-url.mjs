// Injected by scripts/bundle.mjs into dist/cli.cjs: the `import.meta.url` of the modules bundled
// there (they find package.json and resolve packages from it; dist/ is where they were).
// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS once bundled
export const importMetaUrl = require("node:url").pathToFileURL(__filename).href;
