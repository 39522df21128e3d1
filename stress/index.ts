// `npm run stress`: issue 14's reliability suite. Not part of `npm test`.
//
// Runs each check (no-loss, no-growth, fairness, bad-input) in both registry
// modes, each in child processes supervised from here (supervisor.ts), and
// prints a Markdown summary table. Exits 1 if any row failed.
//
// The library is tested from source (src/ through tsx), the code the specs
// test; see options.ts for the environment variables.
import { CHECKS } from "./cases.js";
import { readSettings } from "./options.js";
import type { Row } from "./protocol.js";
import { failureDetails, markdownTable, progressLine } from "./report.js";
import { runJob } from "./supervisor.js";

async function main(): Promise<number> {
  const s = readSettings();
  const u = s.options.untraced;
  console.log(`ts-csp-style stress suite: library from src/ (tsx), node ${process.version}`);
  console.log(
    `seed ${u.seed} (replay: STRESS_SEED=${u.seed}), no-loss ops ${u.ops} untraced / ${s.options.traced.ops} traced, ` +
      `storms ${u.stormMs} ms, no-growth N ${u.growthN}, modes ${s.modes.join(", ")}`,
  );
  const t0 = performance.now();
  const rows: Row[] = [];
  const modeRows = new Map<string, Row>();
  for (const [check, cases] of Object.entries(CHECKS)) {
    if (s.only !== null && !s.only.includes(check)) continue;
    const names = cases.map((c) => c.name).filter((n) => s.cases === null || s.cases.test(n));
    if (names.length === 0) continue;
    for (const mode of s.modes) {
      console.log(`${check} [${mode}]`);
      await runJob({ mode, check, cases: names, options: s.options[mode] }, (r) => {
        // Every child proves its mode; one row per mode, failing if any child's failed.
        if (r.check === "mode") {
          const prev = modeRows.get(r.mode);
          if (prev === undefined || (prev.pass && !r.pass)) modeRows.set(r.mode, r);
          return;
        }
        rows.push(r);
        console.log(progressLine(r));
      });
    }
  }
  const all = [...modeRows.values(), ...rows];
  const failed = all.filter((r) => !r.pass);
  console.log(`\n## Stress suite (seed ${u.seed}, ${((performance.now() - t0) / 1000).toFixed(0)} s)\n`);
  console.log(markdownTable(all));
  if (failed.length > 0) {
    console.log(`\n${failed.length} of ${all.length} failed:\n`);
    console.log(failureDetails(all));
  } else console.log(`\nall ${all.length} passed`);
  return failed.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(2);
  },
);
