/**
 * Parsed declaration files shared by every project this process loads.
 *
 * Each ts-morph `Project` parses TypeScript's lib files (`lib.es2022.d.ts`, `lib.dom.d.ts`, …)
 * and the `.d.ts` files of `node_modules` again, and binds them again in its first checker:
 * most of the fixed cost of a small run, and paid once per project by the jscodeshift adapter
 * (one project per file), by the fixture tests and by a monorepo's projects. TypeScript's own
 * language service shares such files between programs through its document registry; this
 * does the same for ts-morph projects: a declaration file is parsed once per path, text and
 * language version, then handed to every project that asks for it. Declaration files are
 * never edited by leakmod, and a changed text is parsed again.
 *
 * A declaration file is parsed the way `tsc` parses it, not the way ts-morph would: without
 * parent pointers (the binder sets them when the checker is created, and nothing here walks a
 * declaration file before that: `checkSyntax` creates the checker) and without the JSDoc that
 * no type depends on (`JSDocParsingMode.ParseForTypeErrors`, `tsc`'s own mode since
 * TypeScript 5.3). On `examples/leaky-app`, whose program is mostly `@types/node`, that parses
 * its 107 files in 0.19 s instead of 0.29 s. The files so parsed do not enter ts-morph's
 * document registry, which only its language service reads; leakmod does not use it.
 *
 * The project's own files are parsed once per project, as ts-morph parses them, but without parent
 * pointers too (leakmod reads a project's syntax trees only once the checker exists, whose binder
 * sets every parent: on effect, a sixth of the parse) and, in TypeScript files, without JSDoc as
 * `tsc` does (a rule that reads a JSDoc comment there reads its text: util/ast.ts' `jsDocRanges`).
 *
 * ts-morph exposes no option for this: the hook is its compiler factory's
 * `createCompilerSourceFileFromText`. When a ts-morph version no longer has it, projects parse
 * their own files, as before (slower, nothing else changes); test/engine.test.ts checks that
 * the sharing still happens.
 */
import { isJsFileName } from "./files.js";
import { ts, type Project } from "./ts-morph.cjs";

const DECLARATION = /\.d\.[cm]?ts$/;

type CreateFromText = (filePath: string, text: string, scriptKind: ts.ScriptKind | undefined) => ts.SourceFile;

interface CompilerFactoryLike {
  createCompilerSourceFileFromText?: CreateFromText;
}

const shared = new Map<string, ts.SourceFile>();

/** Makes `project` take its declaration files from, and give them to, the process-wide cache. */
export function shareDeclarationFiles(project: Project): void {
  const factory = (project as unknown as { _context?: { compilerFactory?: CompilerFactoryLike } })._context
    ?.compilerFactory;
  const original = factory?.createCompilerSourceFileFromText;
  if (!factory || typeof original !== "function") return;
  const target = project.getCompilerOptions().target ?? ts.ScriptTarget.Latest;
  const versions = new Map<string, number>();
  factory.createCompilerSourceFileFromText = (filePath, text, scriptKind) => {
    if (!DECLARATION.test(filePath)) {
      // The project's own files, parsed as ts-morph would (a version per parse of the path) but
      // without parent pointers, which the binder sets (on effect, 0.7 s of parsing), and, in
      // TypeScript, without the JSDoc no type depends on (22 MB of effect's peak memory; in
      // JavaScript, JSDoc types are types).
      const version = versions.get(filePath) ?? 0;
      versions.set(filePath, version + 1);
      return ts.createLanguageServiceSourceFile(
        filePath,
        ts.ScriptSnapshot.fromString(text),
        {
          languageVersion: target,
          jsDocParsingMode: isJsFileName(filePath)
            ? ts.JSDocParsingMode.ParseAll
            : ts.JSDocParsingMode.ParseForTypeErrors,
        },
        String(version),
        false,
        scriptKind,
      );
    }
    const key = `${target}\0${filePath}`;
    const hit = shared.get(key);
    if (hit && hit.text === text) return hit;
    const parsed = ts.createLanguageServiceSourceFile(
      filePath,
      ts.ScriptSnapshot.fromString(text),
      { languageVersion: target, jsDocParsingMode: ts.JSDocParsingMode.ParseForTypeErrors },
      "0",
      false,
      scriptKind,
    );
    shared.set(key, parsed);
    return parsed;
  };
}

/** How many declaration files are held (for tests). */
export function sharedDeclarationFileCount(): number {
  return shared.size;
}
