/**
 * `--format html` through the built CLI, loaded in a DOM (happy-dom, scripts on): the totals it
 * renders, the chart by folder, code frames and fix diffs, the filters, and that it needs no
 * network. (One run of the built CLI: run in process, it measured no cheaper.)
 */
import { Window } from "happy-dom";
import { describe, expect, it } from "vitest";
import { LAYOUT_CACHE, runCli, tempProject, tsconfigFor, tempProjectsPerTest } from "./helpers.js";

const { track } = tempProjectsPerTest();

const SEEN = `export interface Doc {
  title: string;
}
const seen = new Map<Doc, number>();
export function count(doc: Doc): number {
  seen.set(doc, (seen.get(doc) ?? 0) + 1);
  return seen.size;
}
`;

const LOG = `const log = [];
export function greet(name) {
  log.push("greet " + name);
  return "<b>Hello</b>, " + name;
}
`;

async function load(html: string): Promise<Window> {
  const window = new Window({
    url: "file:///report.html",
    settings: {
      enableJavaScriptEvaluation: true,
      suppressInsecureJavaScriptEnvironmentWarning: true,
      disableJavaScriptFileLoading: true,
      disableCSSFileLoading: true,
    },
  });
  window.document.write(html);
  await window.happyDOM.waitUntilComplete();
  return window;
}

describe("--format html", () => {
  it("is one self-contained page with totals, a chart by folder, frames, diffs and working filters", async () => {
    const p = tempProject({
      "tsconfig.json": tsconfigFor(),
      "src/ui/layout.ts": LAYOUT_CACHE,
      "src/ui/more.ts": LAYOUT_CACHE.replace(/layoutCache/g, "sizeCache"),
      "src/docs/seen.ts": SEEN,
      "lib/log.js": LOG,
    });
    track(p);
    const r = runCli(["audit", "--format", "html"], p.dir);
    expect(r.status).toBe(0);
    const html = r.stdout;
    // Nothing to fetch: no external scripts, styles, images or links; a CSP forbids them anyway.
    expect(html).not.toMatch(/<(script|img|iframe)[^>]*\ssrc=/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'"`);

    const window = await load(html);
    const doc = window.document;
    const total = (label: string): string => doc.querySelector(`[data-total="${label}"] .n`)?.textContent ?? "missing";
    expect(total("findings")).toBe("4");
    expect(total("safe")).toBe("3");
    expect(total("manual")).toBe("1");
    expect(total("unsafe")).toBe("0");
    expect(total("files analysed")).toBe("4");
    const countOf = (sel: string): string => doc.querySelector(`${sel} [data-count]`)?.textContent ?? "missing";
    expect(countOf('tr[data-transform="weak-refs"]')).toBe("3");
    expect(countOf('tr[data-kind="weak-refs/object-keyed-cache"]')).toBe("3");
    expect(countOf('tr[data-kind="localize-globals/accumulating-global"]')).toBe("1");
    expect(countOf('tr[data-kind="weak-refs/back-reference"]')).toBe("0");

    const bars = [...doc.querySelectorAll("#by-folder .row")].map(
      (row) => `${row.getAttribute("data-folder")}=${row.querySelector(".count")?.textContent}`,
    );
    expect(bars).toEqual(["src/ui=2", "lib=1", "src/docs=1"]);

    const findings = [...doc.querySelectorAll(".finding")];
    expect(findings).toHaveLength(4);
    const layout = findings.find((f) => f.textContent?.includes("src/ui/layout.ts:4:21"))!;
    expect(layout.querySelector(".frame")?.textContent).toContain(
      "> 4 | const layoutCache = new Map<Element, number>();",
    );
    expect(layout.querySelector(".diff .del")?.textContent).toBe("-const layoutCache = new Map<Element, number>();");
    expect(layout.querySelector(".diff .add")?.textContent).toBe(
      "+const layoutCache = new WeakMap<Element, number>();",
    );
    // Source text is escaped, not rendered.
    const log = findings.find((f) => f.getAttribute("data-kind") === "localize-globals/accumulating-global")!;
    expect(log.querySelector(".diff")?.textContent).toContain('return "<b>Hello</b>, " + name;');
    expect(log.querySelector("b")).toBeNull();

    // Filters: by kind, then by tier.
    const shown = (): number => findings.filter((f) => !(f as unknown as { hidden: boolean }).hidden).length;
    expect(doc.getElementById("shown")?.textContent).toBe("4");
    const kind = doc.getElementById("filter-kind") as unknown as { value: string; dispatchEvent(e: unknown): void };
    kind.value = "localize-globals/accumulating-global";
    kind.dispatchEvent(new window.Event("change"));
    expect(shown()).toBe(1);
    expect(doc.getElementById("shown")?.textContent).toBe("1");
    kind.value = "";
    kind.dispatchEvent(new window.Event("change"));
    const safe = doc.querySelector('input[data-tier="safe"]') as unknown as {
      checked: boolean;
      dispatchEvent(e: unknown): void;
    };
    safe.checked = false;
    safe.dispatchEvent(new window.Event("change"));
    expect(shown()).toBe(1);
    expect(doc.getElementById("shown")?.textContent).toBe("1");
    await window.happyDOM.close();
  });
});
