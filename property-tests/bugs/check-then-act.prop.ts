// A check-then-act race across an await: two clients both see the pool's one
// slot free. See bugs/check-then-act.
import * as buggy from "../../bugs/check-then-act/buggy.js";
import * as fixed from "../../bugs/check-then-act/fixed.js";
import { describeBug } from "./_corpus.js";

describeBug({
  name: "check-then-act",
  buggy: buggy.program,
  fixed: fixed.program,
  symptom: /^check-then-act: 2 clients held the pool's 1 slot at once$/,
  fifoFails: false,
  runs: 200,
  preemptions: 2,
  maxShrunk: 2,
});
