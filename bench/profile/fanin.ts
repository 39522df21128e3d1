// Profiled by bench/profile/run.ts (node --cpu-prof): fan-in, 100 go()
// producers sending 200k values on one unbuffered channel to one consumer.
// Standalone: node --cpu-prof --import ./bench/loader/register.mjs bench/profile/fanin.ts

import { runtime } from "../../src/index.js";
import { fanInLib } from "../cases.js";
import { printWindows, windowed } from "./window.js";

runtime.setTracing(false);
for (let i = 0; i < 2; i++) await fanInLib(200_000, 100);
for (let i = 0; i < 3; i++) await windowed(() => fanInLib(200_000, 100));
printWindows();
