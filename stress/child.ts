// A child process: runs some cases of one check in one registry mode and
// reports each row over IPC as soon as it has it. Run by supervisor.ts; a
// case that starves or hangs this process is killed from outside, because
// nothing inside a starved event loop (not even a setTimeout) can stop it.
//
// Only modules free of library imports are imported statically: Math.random
// must be seeded before the library loads (see prng.ts).
import { seedMathRandom } from "./prng.js";
import type { ChildMessage, Job, Row } from "./protocol.js";

function tell(m: ChildMessage): Promise<void> {
  // Wait for the message to be handed to the OS: the next case may starve
  // the event loop, and a queued message would then never leave.
  return new Promise<void>((resolve) => process.send!(m, undefined, {}, () => resolve()));
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2]!) as Job;
  seedMathRandom(job.options.seed);
  const { checkMode } = await import("./mode-check.js");
  const { findCase } = await import("./cases.js");
  const { isQuiet } = await import("./quiet.js");

  await tell({ type: "row", row: await checkMode(job.mode) });
  for (const name of job.cases) {
    const c = findCase(job.check, name);
    await tell({ type: "start", name, timeoutMs: c.timeoutMs(job.options, job.mode) });
    let rows: Row[];
    try {
      rows = (await c.run(job.options, job.mode)).map((r) => ({ ...r, mode: job.mode }));
    } catch (e) {
      rows = [{ check: c.check, name, mode: job.mode, figure: "threw", pass: false, detail: e instanceof Error ? (e.stack ?? e.message) : String(e) }];
    }
    for (const row of rows) await tell({ type: "row", row });
    // A case that left tasks or timers behind could disturb the next one
    // (its figures, or its fairness): the supervisor then starts a fresh
    // process for the rest.
    const clean = await isQuiet(500);
    await tell({ type: "end", name, clean });
    if (!clean) process.exit(0);
  }
  await tell({ type: "done" });
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(70);
});
