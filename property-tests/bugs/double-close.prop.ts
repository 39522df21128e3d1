// A double close reached only when the watchdog resumes before the job.
// See bugs/double-close.
import * as buggy from "../../bugs/double-close/buggy.js";
import * as fixed from "../../bugs/double-close/fixed.js";
import { describeBug } from "./_corpus.js";

describeBug({
  name: "double-close",
  buggy: buggy.program,
  fixed: fixed.program,
  symptom: /^close of closed channel$/,
  fifoFails: false,
  runs: 200,
  preemptions: 2,
  maxShrunk: 1,
});
