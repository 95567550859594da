/**
 * How the project's code gets to where it runs: what leakmod can read from the package about
 * its build (who emits the JavaScript, at which target) and its runtimes (Node versions,
 * browsers). Transforms use it to decide whether new syntax (`using`) will run there.
 *
 * Everything here is evidence read from files: package.json (`scripts`, dependencies,
 * `browserslist`, `browser`), tsconfig files that a script compiles with `tsc`, and the config
 * files of build tools. What cannot be read is left out; callers treat missing evidence as "no".
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { ts } from "./ts-morph.cjs";

/** A tsconfig whose compilation emits JavaScript, and the files it compiles. */
export interface TscEmit {
  /** Absolute path of the tsconfig. */
  tsconfig: string;
  target: ts.ScriptTarget;
  /** Absolute, normalised root files of that compilation. */
  files: Set<string>;
  /** Where leakmod saw it: `script "build"`, or `the project's tsconfig`. */
  via: string;
}

/** A build tool found in the package. */
export interface BuildTool {
  /** `esbuild`, `tsup`, `rolldown`, `vite`, `babel`… */
  name: string;
  /** What shows it: `rolldown.config.ts`, `script "build"`, `devDependencies`. */
  where: string;
  /**
   * Whether the tool, as configured, is known to lower `using` (turn it into code older
   * runtimes run), with the reason; undefined when leakmod does not know.
   */
  lowersUsing?: string;
  /** The tool builds for browsers (a web bundler's config file). */
  web?: boolean;
}

export interface BuildFacts {
  /** Folder of the nearest package.json, if any. */
  packageDir?: string;
  /** Compilations with `tsc` that emit JavaScript. */
  tscEmits: TscEmit[];
  /** Whether any package.json script runs `tsc` (then the scripts say how tsc is used). */
  scriptsRunTsc: boolean;
  tools: BuildTool[];
  /** Why the code may run in browsers (`lib` has `dom`, a browserslist…), when something says so. */
  browser?: string;
}

/** Config files of build tools, by tool; `web` tools build for browsers. */
const TOOL_CONFIGS: Array<{ name: string; files: RegExp; web?: boolean }> = [
  { name: "vite", files: /^vite\.config\.[cm]?[jt]s$/, web: true },
  { name: "rolldown", files: /^rolldown\.config\.[cm]?[jt]s$/ },
  { name: "rollup", files: /^rollup\.config\.[cm]?[jt]s$/ },
  { name: "webpack", files: /^webpack\.config\.[cm]?[jt]s$/, web: true },
  { name: "rspack", files: /^rspack\.config\.[cm]?[jt]s$/, web: true },
  { name: "tsup", files: /^tsup\.config\.([cm]?[jt]s|json)$/ },
  { name: "tsdown", files: /^tsdown\.config\.[cm]?[jt]s$/ },
  { name: "swc", files: /^\.swcrc$/ },
  { name: "babel", files: /^(babel\.config\.([cm]?js|json)|\.babelrc(\.json|\.[cm]?js)?)$/ },
  { name: "parcel", files: /^\.parcelrc$/, web: true },
];

/** Binaries in scripts, and packages in dependencies, that mean a build tool. */
const TOOL_PACKAGES: Record<string, string> = {
  vite: "vite",
  "rolldown-vite": "vite",
  rolldown: "rolldown",
  rollup: "rollup",
  webpack: "webpack",
  "@rspack/core": "rspack",
  "@rspack/cli": "rspack",
  esbuild: "esbuild",
  tsup: "tsup",
  tsdown: "tsdown",
  "@swc/cli": "swc",
  "@swc/core": "swc",
  "@babel/cli": "babel",
  "@babel/core": "babel",
  parcel: "parcel",
  unbuild: "unbuild",
  microbundle: "microbundle",
  "@vercel/ncc": "ncc",
};
const TOOL_BINARIES = new Set([
  "vite",
  "rolldown",
  "rollup",
  "webpack",
  "rspack",
  "esbuild",
  "tsup",
  "tsdown",
  "swc",
  "babel",
  "parcel",
  "unbuild",
  "microbundle",
  "ncc",
]);

/** The Babel plugin that lowers `using` (its old and new names). */
const BABEL_USING_PLUGIN = /plugin-(transform|proposal)-explicit-resource-management/;

/** esbuild lowers `using` for every target but `esnext` since 0.18.7 (its release notes). */
const ESBUILD_LOWERS_SINCE: [number, number, number] = [0, 18, 7];

interface PackageJson {
  scripts?: Record<string, unknown>;
  dependencies?: Record<string, unknown>;
  devDependencies?: Record<string, unknown>;
  browserslist?: unknown;
  browser?: unknown;
  babel?: unknown;
  tsup?: unknown;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

function readText(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** The version of an installed package, from `dir` upwards. */
function installedVersion(dir: string, name: string): [number, number, number] | undefined {
  for (let d = dir; ; d = path.dirname(d)) {
    const json = readJson(path.join(d, "node_modules", name, "package.json")) as { version?: unknown } | undefined;
    if (json && typeof json.version === "string") {
      const m = /^(\d+)\.(\d+)\.(\d+)/.exec(json.version);
      return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
    }
    if (path.dirname(d) === d) return undefined;
  }
}

function atLeast(v: [number, number, number], min: [number, number, number]): boolean {
  return (v[0] - min[0] || v[1] - min[1] || v[2] - min[2]) >= 0;
}

/** The commands of a script: `tsc -p a && vite build` → [["tsc", "-p", "a"], ["vite", "build"]]. */
export function commandsOf(script: string): string[][] {
  return script
    .split(/&&|\|\||[;|&]/)
    .map((c) => c.trim().split(/\s+/).filter(Boolean))
    .map((words) => {
      // `npx tsc`, `pnpm exec tsc`, `cross-env A=1 tsc`, `node_modules/.bin/tsc`
      let i = 0;
      while (
        i < words.length &&
        (/^(npx|pnpx|bunx|exec|pnpm|yarn|npm|cross-env|dotenv|--)$/.test(words[i]) || /^\w+=/.test(words[i]))
      )
        i++;
      return words.slice(i).map((w, k) => (k === 0 ? path.basename(w) : w));
    })
    .filter((words) => words.length > 0);
}

/** The value of `--flag value` or `--flag=value`. */
function flagValue(words: string[], ...names: string[]): string | undefined {
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    for (const n of names) {
      if (w === n) return words[i + 1];
      if (w.startsWith(`${n}=`)) return w.slice(n.length + 1);
    }
  }
  return undefined;
}

function hasFlag(words: string[], ...names: string[]): boolean {
  return words.some((w) =>
    names.some((n) => w === n || w.toLowerCase() === n.toLowerCase() || w.startsWith(`${n}=true`)),
  );
}

/** Parses a tsconfig (with `extends`); undefined when it cannot be read. */
function parseTsconfig(file: string): ts.ParsedCommandLine | undefined {
  try {
    const parsed = ts.getParsedCommandLineOfConfigFile(
      file,
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: () => {},
      },
    );
    return parsed ?? undefined;
  } catch {
    return undefined;
  }
}

/** The emitting compilations of `tsc` with this command line (`-p x`, `-b a b`, `--target`…). */
function tscEmitsOf(packageDir: string, words: string[], via: string): TscEmit[] {
  if (hasFlag(words, "--noEmit", "--emitDeclarationOnly")) return [];
  const targetFlag = flagValue(words, "--target", "-t");
  const build = words.includes("-b") || words.includes("--build");
  let configs: string[];
  if (build) {
    const i = words.findIndex((w) => w === "-b" || w === "--build");
    configs = words.slice(i + 1).filter((w) => !w.startsWith("-"));
    if (configs.length === 0) configs = ["."];
  } else {
    const project = flagValue(words, "-p", "--project");
    // `tsc file.ts` compiles files, not a project: leakmod cannot tell which; no evidence.
    if (!project && words.slice(1).some((w) => !w.startsWith("-") && /\.[cm]?[jt]sx?$/.test(w))) return [];
    configs = [project ?? "."];
  }
  const out: TscEmit[] = [];
  const visit = (given: string, depth: number): void => {
    let file = path.resolve(packageDir, given);
    if (!/\.json$/i.test(file)) file = path.join(file, "tsconfig.json");
    if (!existsSync(file) || depth > 4) return;
    const parsed = parseTsconfig(file);
    if (!parsed) return;
    for (const ref of parsed.projectReferences ?? []) if (build) visit(ref.path, depth + 1);
    const options = parsed.options;
    if (options.noEmit || options.emitDeclarationOnly) return;
    let target = options.target ?? ts.ScriptTarget.ES5;
    if (targetFlag) {
      const t = ts.parseJsonConfigFileContent({ compilerOptions: { target: targetFlag } }, ts.sys, packageDir).options
        .target;
      if (t !== undefined) target = t;
    }
    if (parsed.fileNames.length === 0) return;
    out.push({ tsconfig: file, target, files: new Set(parsed.fileNames.map((f) => path.resolve(f))), via });
  };
  for (const c of configs) visit(c, 0);
  return out;
}

/** esbuild's `--target=a,b`: lowers `using` unless a target is `esnext` (or there is none). */
function esbuildLowers(targets: string[], version: [number, number, number] | undefined): string | undefined {
  if (targets.length === 0 || targets.some((t) => t.toLowerCase() === "esnext")) return undefined;
  if (!version || !atLeast(version, ESBUILD_LOWERS_SINCE)) return undefined;
  return `esbuild ${version.join(".")} at target ${targets.join(",")} lowers \`using\` (since 0.18.7, for every target but esnext)`;
}

/** `target: "node18"` / `target: ["es2022", "node20"]` in a config file's text. */
function targetsInText(text: string): string[] | undefined {
  const m = /\btarget\s*["']?\s*:\s*(["'`][^"'`]+["'`]|\[[^\]]*\])/.exec(text);
  if (!m) return undefined;
  return [...m[1].matchAll(/["'`]([^"'`]+)["'`]/g)].flatMap((x) => x[1].split(",").map((s) => s.trim()));
}

/**
 * What the package says about its build and runtimes. `root` is the tsconfig's folder,
 * `options` its compiler options as written (before leakmod forces `noEmit`), `fileNames` its
 * root files and `lib` its normalised `lib`.
 */
export function readBuildFacts(
  root: string,
  packageDir: string | undefined,
  tsconfig: { path: string; options: ts.CompilerOptions; fileNames: string[] } | undefined,
  lib: string[],
): BuildFacts {
  const facts: BuildFacts = { tscEmits: [], scriptsRunTsc: false, tools: [] };
  if (lib.includes("dom")) facts.browser = "`compilerOptions.lib` has `dom`";
  if (packageDir) facts.packageDir = packageDir;
  const pkg = (packageDir ? readJson(path.join(packageDir, "package.json")) : undefined) as PackageJson | undefined;
  const tools = new Map<string, BuildTool>();
  const addTool = (tool: BuildTool): void => {
    const known = tools.get(tool.name);
    if (!known || (tool.lowersUsing && !known.lowersUsing)) tools.set(tool.name, { ...known, ...tool });
    if (tool.web && !facts.browser) facts.browser = `${tool.where} builds for browsers`;
  };

  if (packageDir && pkg && typeof pkg === "object") {
    if (pkg.browserslist !== undefined) facts.browser ??= "package.json has a `browserslist`";
    if (typeof pkg.browser === "string" || (typeof pkg.browser === "object" && pkg.browser !== null))
      facts.browser ??= "package.json has a `browser` field";
    const scripts = pkg.scripts && typeof pkg.scripts === "object" ? pkg.scripts : {};
    for (const [name, value] of Object.entries(scripts)) {
      if (typeof value !== "string") continue;
      for (const words of commandsOf(value)) {
        const bin = words[0];
        if (bin === "tsc" || bin === "tsgo") {
          facts.scriptsRunTsc = true;
          facts.tscEmits.push(...tscEmitsOf(packageDir, words, `script "${name}"`));
        } else if (bin === "esbuild") {
          const targets = (flagValue(words, "--target") ?? "").split(",").filter(Boolean);
          const lowers = esbuildLowers(targets, installedVersion(packageDir, "esbuild"));
          addTool({ name: "esbuild", where: `script "${name}"`, ...(lowers ? { lowersUsing: lowers } : {}) });
        } else if (TOOL_BINARIES.has(bin)) addTool({ name: bin, where: `script "${name}"` });
      }
    }
    for (const field of ["dependencies", "devDependencies"] as const) {
      const deps = pkg[field];
      if (!deps || typeof deps !== "object") continue;
      for (const dep of Object.keys(deps)) {
        const tool = TOOL_PACKAGES[dep];
        if (tool) addTool({ name: tool, where: `package.json ${field}` });
      }
    }
    if (pkg.babel !== undefined && BABEL_USING_PLUGIN.test(JSON.stringify(pkg.babel)))
      addTool({
        name: "babel",
        where: "package.json `babel`",
        lowersUsing: "Babel's explicit-resource-management plugin lowers `using`",
      });
  }

  const dirs = [...new Set([root, ...(packageDir ? [packageDir] : [])])];
  for (const dir of dirs) {
    for (const file of listDir(dir)) {
      if (file === ".browserslistrc" || file === "browserslist") facts.browser ??= `${file} lists browsers`;
      const config = TOOL_CONFIGS.find((c) => c.files.test(file));
      if (!config) continue;
      const text = readText(path.join(dir, file));
      let lowersUsing: string | undefined;
      if (config.name === "babel" && BABEL_USING_PLUGIN.test(text))
        lowersUsing = "Babel's explicit-resource-management plugin lowers `using`";
      if (config.name === "tsup") {
        const lowers = esbuildLowers(targetsInText(text) ?? [], installedVersion(dir, "esbuild"));
        if (lowers) lowersUsing = `tsup builds with ${lowers}`;
      }
      addTool({
        name: config.name,
        where: file,
        ...(lowersUsing ? { lowersUsing } : {}),
        ...(config.web ? { web: true } : {}),
      });
    }
  }
  facts.tools = [...tools.values()];

  // The project's own tsconfig emits: evidence only when no script says how tsc is run and no
  // other build tool is in sight (with one, the tsconfig is most likely for type checking).
  if (tsconfig && !facts.scriptsRunTsc && facts.tools.length === 0) {
    const o = tsconfig.options;
    if (!o.noEmit && !o.emitDeclarationOnly && tsconfig.fileNames.length > 0) {
      facts.tscEmits.push({
        tsconfig: tsconfig.path,
        target: o.target ?? ts.ScriptTarget.ES5,
        files: new Set(tsconfig.fileNames.map((f) => path.resolve(f))),
        via: "the project's tsconfig",
      });
    }
  }
  return facts;
}
