/**
 * The runtimes a project declares, as far as `signal` in `addEventListener` goes: the browsers
 * of its browserslist (package.json `browserslist`, `.browserslistrc`, read with the
 * `browserslist` package and its caniuse data) and package.json `engines.node`. `{ signal }` is
 * safe only when every declared runtime has it; the verdict names the first that does not.
 */
import path from "node:path";
import type Browserslist from "browserslist";
import { loadDependency } from "../../engine/dependency.js";
import type { ProjectFacts } from "../../engine/types.js";
import { minimumOfRange } from "../using-resources/support.js";

/** The first version of each runtime (caniuse names) whose `addEventListener` takes `signal`. */
const SIGNAL_SINCE: Record<string, { name: string; since: [number, number] }> = {
  chrome: { name: "Chrome", since: [90, 0] },
  and_chr: { name: "Chrome for Android", since: [90, 0] },
  android: { name: "Android WebView", since: [90, 0] },
  edge: { name: "Edge", since: [90, 0] },
  firefox: { name: "Firefox", since: [86, 0] },
  and_ff: { name: "Firefox for Android", since: [86, 0] },
  safari: { name: "Safari", since: [15, 0] },
  ios_saf: { name: "Safari on iOS", since: [15, 0] },
  opera: { name: "Opera", since: [76, 0] },
  op_mob: { name: "Opera Mobile", since: [64, 0] },
  samsung: { name: "Samsung Internet", since: [15, 0] },
  node: { name: "Node", since: [15, 4] },
};

/** The first Node whose `EventTarget.addEventListener` takes `signal` (15.4), as a major. */
const NODE_WITH_SIGNAL = 16;

export interface SignalVerdict {
  applicability: "safe" | "unsafe";
  why: string;
}

const verdicts = new WeakMap<ProjectFacts, SignalVerdict>();

/** Whether every runtime the project declares takes `signal` in `addEventListener`. */
export function signalRuntime(project: ProjectFacts): SignalVerdict {
  let verdict = verdicts.get(project);
  if (!verdict) {
    verdict = decide(project);
    verdicts.set(project, verdict);
  }
  return verdict;
}

function decide(project: ProjectFacts): SignalVerdict {
  const node = nodeVerdict(project.enginesNode);
  const dir = project.build?.packageDir ?? project.root;
  const browsers = declaredBrowsers(dir);
  // Ex) `"browserslist": ["safari >= 14"]`: Safari 14 ignores `signal`
  if (browsers && "error" in browsers)
    return { applicability: "unsafe", why: `the browserslist cannot be read (${browsers.error})` };
  if (browsers) {
    const lacking = browsers.targets.filter((t) => !hasSignal(t));
    if (lacking.length > 0) {
      const names = lacking.slice(0, 3).map(describe).join(", ");
      const more = lacking.length > 3 ? ` and ${lacking.length - 3} more` : "";
      return {
        applicability: "unsafe",
        why: `the browserslist includes ${names}${more}, whose \`addEventListener\` ignores \`signal\` (it needs Chrome 90, Edge 90, Firefox 86, Safari 15)`,
      };
    }
    // Ex) browsers that all have it, and a Node below 16 in `engines.node`
    if (project.enginesNode && node.applicability === "unsafe") return node;
    return {
      applicability: "safe",
      why: `every browser of the browserslist has it${project.enginesNode ? `, and ${node.why}` : ""}`,
    };
  }
  if (project.build?.browser) {
    return {
      applicability: "unsafe",
      why: `the code may run in browsers (${project.build.browser}) and no browserslist says which, and \`signal\` in \`addEventListener\` needs Chrome 90, Firefox 86, Safari 15`,
    };
  }
  return node;
}

function nodeVerdict(engines: string | undefined): SignalVerdict {
  const minimum = engines ? minimumOfRange(engines) : undefined;
  if (!minimum || minimum[0] < NODE_WITH_SIGNAL) {
    return {
      applicability: "unsafe",
      why: engines
        ? `package.json \`engines.node\` \`${engines}\` admits Node < 16, whose \`addEventListener\` has no \`signal\``
        : "package.json declares no `engines.node` >= 16, and older runtimes ignore `signal` in `addEventListener`",
    };
  }
  return { applicability: "safe", why: `package.json \`engines.node\` is \`${engines}\`` };
}

/** The browsers the project's browserslist selects (`chrome 120`, `safari 14.1`), or none declared. */
function declaredBrowsers(dir: string): { targets: string[] } | { error: string } | undefined {
  try {
    // Loaded when a verdict needs it (with its caniuse data, 0.02 s), not with the transform.
    const browserslist = loadDependency<typeof Browserslist>("browserslist");
    const queries = browserslist.loadConfig({ path: path.join(dir, "package.json") });
    if (!queries) return undefined;
    return { targets: browserslist(queries, { path: path.join(dir, "package.json") }) };
  } catch (error) {
    return { error: error instanceof Error ? error.message.split("\n")[0]! : String(error) };
  }
}

/** Ex) `chrome 120` yes, `safari 14.1` no, `ios_saf 15.2-15.3` yes, `op_mini all` no, `ie 11` no. */
function hasSignal(target: string): boolean {
  const [name, version] = target.split(" ") as [string, string | undefined];
  const known = SIGNAL_SINCE[name];
  const m = /^(\d+)(?:\.(\d+))?/.exec(version ?? "");
  if (!known || !m) return false;
  const [major, minor] = [Number(m[1]), Number(m[2] ?? 0)];
  return major > known.since[0] || (major === known.since[0] && minor >= known.since[1]);
}

/** Ex) `safari 14.1` → "Safari 14.1", `op_mini all` → "op_mini all". */
function describe(target: string): string {
  const [name, version] = target.split(" ") as [string, string | undefined];
  const known = SIGNAL_SINCE[name];
  return known ? `${known.name} ${version ?? ""}`.trim() : target;
}
