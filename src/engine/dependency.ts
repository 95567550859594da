/**
 * A dependency loaded with `require` at the moment a run needs it, rather than imported with the
 * module graph. For the packages only some runs use (zod with a configuration, prettier for
 * `diff`/`apply`, browserslist for a listeners verdict, cli-progress on a terminal):
 * - a static `import` loads them on every run, and an ES module importing a CommonJS package first
 *   makes Node read it with its export lexer;
 * - `import()` would do, but the bundled CLI is code-cached (compile-cache.ts), and on Node 20 an
 *   `import()` in code V8 restored from a cache fails ("A dynamic import callback was not
 *   specified");
 * - `require` is synchronous, so callers that are (config validation, a verdict) stay so.
 * Node caches what it requires: each is loaded once.
 */
import { createRequire } from "node:module";

const requireHere = createRequire(import.meta.url);

export function loadDependency<T>(name: string): T {
  return requireHere(name) as T;
}
