// A lost wake-up: the producer's signal is dropped between the consumer's
// check and its park. See bugs/lost-wakeup.
import * as buggy from "../../bugs/lost-wakeup/buggy.js";
import * as fixed from "../../bugs/lost-wakeup/fixed.js";
import { describeBug } from "./_corpus.js";

describeBug({
  name: "lost-wakeup",
  buggy: buggy.program,
  fixed: fixed.program,
  symptom: /^lost wake-up: the consumer is still parked on the signal an hour later$/,
  fifoFails: false,
  runs: 200,
  preemptions: 2,
  maxShrunk: 3,
});
