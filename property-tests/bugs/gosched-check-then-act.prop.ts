// A check-then-act race whose only yields are runtime.gosched() (issue 16):
// found only because gosched in a bubble goes through the bubble's
// scheduler, so a schedule decides where the yielding task resumes. See
// bugs/gosched-check-then-act.
import * as buggy from "../../bugs/gosched-check-then-act/buggy.js";
import * as fixed from "../../bugs/gosched-check-then-act/fixed.js";
import { describeBug } from "./_corpus.js";

describeBug({
  name: "gosched-check-then-act",
  buggy: buggy.program,
  fixed: fixed.program,
  symptom: /^gosched-check-then-act: job j1 was handed out twice$/,
  fifoFails: false,
  runs: 200,
  preemptions: 2,
  maxShrunk: 2,
});
