/**
 * `--format html`: one self-contained page to share a pre-refactor audit. No network: styles and
 * the filter script are inline, and a Content-Security-Policy forbids loading anything else.
 *
 * Totals by tier, by transform and by kind; a bar chart of findings by folder; every finding with
 * its code frame, message and the diff of its fix; filters by kind and tier.
 */
import path from "node:path";
import type { Applicability, Finding, Transform } from "../engine/types.js";
import { toPosix } from "../engine/files.js";
import { codeFrame, countBy } from "./text.js";
import { fixHunks } from "./diff.js";
import { shownPath } from "./paths.js";

export interface HtmlReportOptions {
  cwd: string;
  root: string;
  version: string;
  command: "audit" | "diff" | "apply";
  filesAnalyzed: number;
  transforms: readonly Transform[];
  source: (file: string) => string | undefined;
  suppressed?: number;
  baselined?: number;
}

const TIERS: Applicability[] = ["safe", "unsafe", "manual"];

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** `backticks` in messages become <code>. */
function richText(s: string): string {
  return escapeHtml(s).replace(/`([^`]+)`/g, "<code>$1</code>");
}

function diffHtml(hunks: string): string {
  return hunks
    .split("\n")
    .map((l) => {
      const cls = l.startsWith("@@") ? "hunk" : l.startsWith("+") ? "add" : l.startsWith("-") ? "del" : "ctx";
      return `<span class="${cls}">${escapeHtml(l)}</span>`;
    })
    .join("\n");
}

function tally<T>(items: readonly T[], key: (t: T) => string): Array<[string, number]> {
  const m = new Map<string, number>();
  for (const i of items) m.set(key(i), (m.get(key(i)) ?? 0) + 1);
  return [...m.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

const STYLE = `
:root { color-scheme: light; --safe: #1a7f37; --unsafe: #9a6700; --manual: #8250df; --border: #d0d7de; }
* { box-sizing: border-box; }
body { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #1f2328; background: #f6f8fa; }
header { background: #24292f; color: #fff; padding: 16px 24px; }
header h1 { margin: 0; font-size: 20px; }
header p { margin: 4px 0 0; color: #d0d7de; }
header code { background: #424a53; color: #fff; }
main { padding: 16px 24px; max-width: 1200px; }
section { background: #fff; border: 1px solid var(--border); border-radius: 6px; padding: 12px 16px; margin-bottom: 16px; }
h2 { font-size: 16px; margin: 0 0 8px; }
.cards { display: flex; gap: 12px; flex-wrap: wrap; }
.card { border: 1px solid var(--border); border-radius: 6px; padding: 8px 16px; min-width: 110px; }
.card .n { font-size: 24px; font-weight: 600; display: block; }
.card.safe .n { color: var(--safe); } .card.unsafe .n { color: var(--unsafe); } .card.manual .n { color: var(--manual); }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--border); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.chart .row { display: flex; align-items: center; gap: 8px; margin: 2px 0; }
.chart .label { width: 280px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; font-family: ui-monospace, monospace; font-size: 12px; }
.chart .bar { background: #0969da; height: 14px; border-radius: 2px; }
.chart .count { font-size: 12px; color: #57606a; }
.filters { display: flex; gap: 16px; align-items: center; flex-wrap: wrap; }
.finding { border: 1px solid var(--border); border-radius: 6px; margin: 10px 0; padding: 8px 12px; background: #fff; }
.finding[hidden] { display: none; }
.finding .where { font-family: ui-monospace, monospace; font-weight: 600; }
.finding .kind { color: #0969da; font-family: ui-monospace, monospace; margin-left: 8px; }
.tier { display: inline-block; border-radius: 10px; padding: 0 8px; font-size: 12px; color: #fff; margin-left: 8px; }
.tier.safe { background: var(--safe); } .tier.unsafe { background: var(--unsafe); } .tier.manual { background: var(--manual); }
pre { background: #f6f8fa; border: 1px solid var(--border); border-radius: 6px; padding: 8px; overflow-x: auto; font: 12px/1.45 ui-monospace, SFMono-Regular, Menlo, monospace; margin: 6px 0; }
pre .add { color: #116329; background: #dafbe1; display: inline-block; min-width: 100%; }
pre .del { color: #82071e; background: #ffebe9; display: inline-block; min-width: 100%; }
pre .hunk { color: #57606a; }
code { background: #eff1f3; padding: 0 3px; border-radius: 3px; font-size: 90%; }
.muted { color: #57606a; }
`;

const SCRIPT = `
(function () {
  var kind = document.getElementById("filter-kind");
  var tiers = Array.prototype.slice.call(document.querySelectorAll("input[data-tier]"));
  var findings = Array.prototype.slice.call(document.querySelectorAll(".finding"));
  var shown = document.getElementById("shown");
  function update() {
    var wanted = {};
    tiers.forEach(function (t) { wanted[t.getAttribute("data-tier")] = t.checked; });
    var n = 0;
    findings.forEach(function (f) {
      var ok = (kind.value === "" || f.getAttribute("data-kind") === kind.value) && wanted[f.getAttribute("data-tier")];
      f.hidden = !ok;
      if (ok) n++;
    });
    shown.textContent = String(n);
  }
  kind.addEventListener("change", update);
  tiers.forEach(function (t) { t.addEventListener("change", update); });
  update();
})();
`;

export function htmlReport(findings: readonly Finding[], options: HtmlReportOptions): string {
  const counts = countBy(findings);
  const rel = (f: Finding): string => shownPath(options.cwd, f.file);
  const files = new Set(findings.map((f) => f.file)).size;
  const sorted = [...findings].sort((a, b) =>
    a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column,
  );
  const shownRoot = shownPath(options.cwd, options.root);
  const title = `leakmod ${options.command}: ${shownRoot === "." ? path.basename(options.root) : shownRoot}`;

  const card = (label: string, n: number, cls = ""): string =>
    `<div class="card ${cls}" data-total="${escapeHtml(label)}"><span class="n">${n}</span>${escapeHtml(label)}</div>`;
  const cards = [
    card("findings", findings.length),
    ...TIERS.map((t) => card(t, counts[t], t)),
    card("files with findings", files),
    card("files analysed", options.filesAnalyzed),
    ...(options.suppressed ? [card("suppressed", options.suppressed)] : []),
    ...(options.baselined ? [card("in the baseline", options.baselined)] : []),
  ].join("");

  // By transform and kind, with a column per tier.
  const kindRows: string[] = [];
  for (const t of options.transforms) {
    const ofT = findings.filter((f) => f.rule === t.id);
    const c = countBy(ofT);
    kindRows.push(
      `<tr class="transform" data-transform="${t.id}"><th>${escapeHtml(t.id)}</th>${TIERS.map((x) => `<td class="num">${c[x]}</td>`).join("")}<td class="num" data-count>${ofT.length}</td></tr>`,
    );
    for (const k of t.kinds) {
      const ofK = ofT.filter((f) => f.kind === k.id);
      const ck = countBy(ofK);
      kindRows.push(
        `<tr data-kind="${t.id}/${k.id}"><td>&nbsp;&nbsp;${escapeHtml(`${t.id}/${k.id}`)} <span class="muted">${richText(k.title)}</span></td>${TIERS.map((x) => `<td class="num">${ck[x]}</td>`).join("")}<td class="num" data-count>${ofK.length}</td></tr>`,
      );
    }
  }

  const byFolder = tally(findings, (f) => toPosix(path.dirname(rel(f))) || ".");
  const max = Math.max(1, ...byFolder.map(([, n]) => n));
  const chart = byFolder
    .map(
      ([folder, n]) =>
        `<div class="row" data-folder="${escapeHtml(folder)}"><span class="label" title="${escapeHtml(folder)}">${escapeHtml(folder)}/</span><span class="bar" style="width:${Math.max(2, Math.round((n / max) * 500))}px"></span><span class="count">${n}</span></div>`,
    )
    .join("\n");

  const kindsPresent = [...new Set(sorted.map((f) => `${f.rule}/${f.kind}`))].sort();
  const items = sorted.map((f) => {
    const text = options.source(f.file);
    const frame = text !== undefined ? `<pre class="frame">${escapeHtml(codeFrame(text, f, false))}</pre>` : "";
    const hunks = f.fix && text !== undefined ? fixHunks(f, text) : "";
    const fix = f.fix
      ? `<p><strong>Fix</strong> (${escapeHtml(f.fixStatus === "applied" ? "applied" : f.applicability === "manual" ? "not applicable" : f.applicability === "unsafe" ? "with --unsafe" : "safe")}): ${richText(f.fix.description)}${f.fixNote ? ` <span class="muted">${richText(f.fixNote)}</span>` : ""}</p>${hunks ? `<pre class="diff">${diffHtml(hunks)}</pre>` : ""}`
      : "";
    return `<article class="finding" data-kind="${f.rule}/${f.kind}" data-tier="${f.applicability}">
<div><span class="where">${escapeHtml(`${rel(f)}:${f.line}:${f.column}`)}</span><span class="kind">${escapeHtml(`${f.rule}/${f.kind}`)}</span><span class="tier ${f.applicability}">${f.applicability}</span></div>
<p>${richText(f.message)}</p>
${frame}
${fix}
</article>`;
  });

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>${escapeHtml(title)}</h1><p>leakmod ${escapeHtml(options.version)} · ${findings.length} finding${findings.length === 1 ? "" : "s"} in ${files} file${files === 1 ? "" : "s"} · safe fixes are applied by <code>leakmod apply</code>, unsafe ones only with <code>--unsafe</code>, manual ones are advice</p></header>
<main>
<section id="totals"><h2>Totals</h2><div class="cards">${cards}</div></section>
<section id="by-kind"><h2>By transform and kind</h2>
<table><thead><tr><th>transform / kind</th>${TIERS.map((t) => `<th class="num">${t}</th>`).join("")}<th class="num">total</th></tr></thead><tbody>
${kindRows.join("\n")}
</tbody></table></section>
<section id="by-folder" class="chart"><h2>Findings by folder</h2>
${chart || '<p class="muted">No findings.</p>'}
</section>
<section id="findings"><h2>Findings (<span id="shown">${findings.length}</span> shown)</h2>
<div class="filters">
<label>Kind <select id="filter-kind"><option value="">all kinds</option>${kindsPresent.map((k) => `<option value="${escapeHtml(k)}">${escapeHtml(k)}</option>`).join("")}</select></label>
${TIERS.map((t) => `<label><input type="checkbox" data-tier="${t}" checked> ${t}</label>`).join("\n")}
</div>
${items.join("\n")}
</section>
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
