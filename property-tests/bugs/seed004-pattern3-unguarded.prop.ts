// Seed 004's Pattern 3 without the ctx.Done() guard and with an unbuffered
// results channel: a loser that finished with the winner parks on its send.
// See bugs/seed004-pattern3-unguarded.
import * as buggy from "../../bugs/seed004-pattern3-unguarded/buggy.js";
import * as fixed from "../../bugs/seed004-pattern3-unguarded/fixed.js";
import { describeBug } from "./_corpus.js";

describeBug({
  name: "seed004-pattern3-unguarded",
  buggy: buggy.program,
  fixed: fixed.program,
  symptom: /^leak: 1 producer\(s\) still parked an hour later \(producer \[chan send\]\)$/,
  fifoFails: true,
  runs: 200,
  preemptions: 2,
  maxShrunk: 0,
});
