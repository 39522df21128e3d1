// demo-report.html: a self-contained page (inline SVG and an inline script,
// nothing fetched) with one chart per leak of the gallery: the task count
// (for the poll loops, armed timers) over virtual time, the leaky program
// against its fixes. Each chart is <svg data-chart=...>, each series a
// <polyline data-series=... data-variant="leaky"|"fixed" data-points=N>.
import type { Outcome, Program } from "./gallery.js";

export interface ChartSeries {
  program: Program;
  outcome: Outcome;
}

export interface Chart {
  id: string;
  seed: string;
  title: string;
  /** "tasks" or "timers". */
  measure: "tasks" | "timers";
  series: ChartSeries[];
}

export interface ReportData {
  requests: number;
  charts: Chart[];
  /** Plain-text summary per seed (the demo's tables), shown under the charts. */
  text: Record<string, string>;
}

const COLORS = { leaky: ["#d62728"], fixed: ["#2ca02c", "#1f77b4", "#9467bd", "#ff7f0e", "#17becf"] };

const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function chartSvg(c: Chart): string {
  const W = 640, H = 240, L = 48, R = 12, T = 12, B = 36;
  const tMax = Math.max(...c.series.flatMap((s) => s.outcome.samples.map((p) => p.t)), 1);
  const yMax = Math.max(...c.series.flatMap((s) => s.outcome.samples.map((p) => p[c.measure])), 1);
  const x = (t: number) => L + ((W - L - R) * t) / tMax;
  const y = (v: number) => H - B - ((H - T - B) * v) / yMax;
  const unit = tMax >= 10_000 ? 1000 : 1;
  const ticks = (max: number, n: number) => Array.from({ length: n + 1 }, (_, i) => (max * i) / n);
  let fixedIndex = 0;
  const lines = c.series.map((s) => {
    const color = s.program.variant === "leaky" ? COLORS.leaky[0] : COLORS.fixed[fixedIndex++ % COLORS.fixed.length];
    const pts = s.outcome.samples.map((p) => `${x(p.t).toFixed(1)},${y(p[c.measure]).toFixed(1)}`).join(" ");
    return `<polyline data-series="${esc(s.program.id)}" data-variant="${s.program.variant}" data-points="${s.outcome.samples.length}" data-last="${s.outcome.samples.at(-1)?.[c.measure] ?? 0}" fill="none" stroke="${color}" stroke-width="2" points="${pts}"><title>${esc(s.program.file)}</title></polyline>`;
  });
  const legend = c.series
    .map((s, i) => {
      const color = s.program.variant === "leaky" ? COLORS.leaky[0] : COLORS.fixed[(i - c.series.filter((q, j) => j < i && q.program.variant === "leaky").length) % COLORS.fixed.length];
      return `<span class="key"><i style="background:${color}"></i>${esc(s.program.file.replace("examples/", ""))} (${s.program.variant}, ends at ${s.outcome.samples.at(-1)?.[c.measure] ?? 0})</span>`;
    })
    .join(" ");
  const grid = [
    ...ticks(yMax, 4).map((v) => `<line x1="${L}" x2="${W - R}" y1="${y(v)}" y2="${y(v)}" class="grid"/><text x="${L - 6}" y="${y(v) + 4}" text-anchor="end">${Math.round(v)}</text>`),
    ...ticks(tMax, 5).map((t) => `<text x="${x(t)}" y="${H - B + 16}" text-anchor="middle">${unit === 1000 ? (t / 1000).toFixed(0) + " s" : t >= 1000 ? (t / 1000).toFixed(1) + " s" : Math.round(t) + " ms"}</text>`),
  ].join("");
  return `<figure><figcaption>${esc(c.title)} <small>(${c.measure} over virtual time)</small></figcaption>
<svg data-chart="${esc(c.id)}" data-seed="${c.seed}" data-measure="${c.measure}" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(c.title)}">
<line x1="${L}" x2="${L}" y1="${T}" y2="${H - B}" class="axis"/><line x1="${L}" x2="${W - R}" y1="${H - B}" y2="${H - B}" class="axis"/>${grid}
${lines.join("\n")}
<line class="cursor" x1="0" x2="0" y1="${T}" y2="${H - B}" visibility="hidden"/>
<text class="readout" x="${W - R}" y="${T + 12}" text-anchor="end"></text>
</svg>
<div class="legend">${legend}</div>
<script type="application/json" class="data">${JSON.stringify({ tMax, series: c.series.map((s) => ({ id: s.program.id, samples: s.outcome.samples.map((p) => [p.t, p[c.measure]]) })) }).replace(/</g, "\\u003c")}</script></figure>`;
}

export function renderReport(d: ReportData): string {
  const seeds = [...new Set(d.charts.map((c) => c.seed))];
  const sections = seeds
    .map(
      (seed) => `<section data-seed="${seed}"><h2>seed ${seed}</h2>
${d.charts.filter((c) => c.seed === seed).map(chartSvg).join("\n")}
${d.text[seed] ? `<pre>${esc(d.text[seed]!)}</pre>` : ""}</section>`,
    )
    .join("\n");
  const extra = Object.keys(d.text)
    .filter((s) => !seeds.includes(s))
    .map((s) => `<section data-seed="${s}"><h2>seed ${s}</h2><pre>${esc(d.text[s]!)}</pre></section>`)
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>ts-csp-style: the leak gallery</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:2em auto;max-width:760px;color:#222}
figure{margin:1em 0} figcaption{font-weight:600} svg text{font-size:11px;fill:#555}
.axis{stroke:#333} .grid{stroke:#eee} .cursor{stroke:#999;stroke-dasharray:3 3}
.legend{font-size:12px} .key{margin-right:1em;white-space:nowrap} .key i{display:inline-block;width:12px;height:3px;margin-right:4px;vertical-align:middle}
pre{font-size:11px;background:#f6f6f6;padding:.6em;overflow-x:auto}
</style></head>
<body><h1>The leak gallery</h1>
<p>Every Go program of the seeds, ported to TypeScript in <code>examples/</code>, run in synctest bubbles: ${d.requests} requests each, seconds of Go time in milliseconds of wall time. Red is the leaky version, the other colours its fixes. Hover a chart to read the values.</p>
${sections}
${extra}
<script>
for (const fig of document.querySelectorAll("figure")) {
  const svg = fig.querySelector("svg"), data = JSON.parse(fig.querySelector("script.data").textContent);
  const cursor = svg.querySelector(".cursor"), readout = svg.querySelector(".readout");
  const L = 48, R = 12, W = 640;
  svg.addEventListener("mousemove", (e) => {
    const box = svg.getBoundingClientRect(), px = ((e.clientX - box.left) * W) / box.width;
    const t = Math.max(0, Math.min(data.tMax, ((px - L) / (W - L - R)) * data.tMax));
    cursor.setAttribute("x1", px); cursor.setAttribute("x2", px); cursor.setAttribute("visibility", "visible");
    readout.textContent = "t=" + Math.round(t) + " ms  " + data.series.map((s) => { let v = 0; for (const [st, sv] of s.samples) if (st <= t) v = sv; return s.id.split("/")[1] + "=" + v; }).join("  ");
  });
  svg.addEventListener("mouseleave", () => { cursor.setAttribute("visibility", "hidden"); readout.textContent = ""; });
}
document.body.dataset.charts = String(document.querySelectorAll("svg[data-chart]").length);
</script>
</body></html>
`;
}
