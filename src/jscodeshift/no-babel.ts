/**
 * Imported first by each jscodeshift module, for its side effect. jscodeshift loads a transform
 * with `@babel/register` on by default (`--babel`), and that hook then compiles every module the
 * transform requires, ts-morph included, with presets that cannot compile it (static class
 * blocks): a crash before the first file. leakmod's modules are plain JavaScript that Node runs
 * as they are, so the hook is turned off here, before the rest of leakmod is loaded (under Babel
 * this module's `import`s become `require`s run in order, so the ones after this one load
 * without the hook). Without Babel (`--no-babel`, or a direct import) this does nothing.
 */
import Module from "node:module";

const cache = (Module as unknown as { _cache?: Record<string, { exports?: { revert?: () => void } } | undefined> })
  ._cache;
for (const [file, loaded] of Object.entries(cache ?? {})) {
  if (/[\\/]@babel[\\/]register[\\/]lib[\\/](node|index)\.c?js$/.test(file)) loaded?.exports?.revert?.();
}
