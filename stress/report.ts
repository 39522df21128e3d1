import type { Row } from "./protocol.js";

// The summary: a Markdown table the README can take as is, then what each
// failure said.

const esc = (s: string): string => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

export function progressLine(r: Row): string {
  return `  ${r.pass ? "pass" : "FAIL"}  ${r.check} / ${r.name} [${r.mode}]: ${r.figure}`;
}

export function markdownTable(rows: Row[]): string {
  const lines = ["| check | case | mode | figure | result |", "|---|---|---|---|---|"];
  for (const r of rows) lines.push(`| ${esc(r.check)} | ${esc(r.name)} | ${r.mode} | ${esc(r.figure)} | ${r.pass ? "pass" : "**FAIL**"} |`);
  return lines.join("\n");
}

export function failureDetails(rows: Row[]): string {
  return rows
    .filter((r) => !r.pass)
    .map((r) => `--- ${r.check} / ${r.name} [${r.mode}]: ${r.figure}\n${(r.detail ?? "(no detail)").trim()}`)
    .join("\n\n");
}
