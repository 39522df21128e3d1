// Seed 000's unbuffered result channel: leaks only when the deadline wins a
// same-instant race that the FIFO order loses. See bugs/seed000-unbuffered-result.
import * as buggy from "../../bugs/seed000-unbuffered-result/buggy.js";
import * as fixed from "../../bugs/seed000-unbuffered-result/fixed.js";
import { describeBug } from "./_corpus.js";

describeBug({
  name: "seed000-unbuffered-result",
  buggy: buggy.program,
  fixed: fixed.program,
  symptom: /^leak: 1 fetch goroutine\(s\) still parked an hour later \(get \[chan send\]\)$/,
  fifoFails: false,
  runs: 200,
  preemptions: 2,
  maxShrunk: 2,
});
