// What a storm must not starve: host timers and I/O. Three probe loops run
// beside the storm, each re-arming itself when it completes:
// - a 10 ms setTimeout, measuring how long it really took;
// - an fs.stat of this file (libuv's thread pool, then a poll-phase callback);
// - an HTTP GET to a server on 127.0.0.1 (TCP connect, request, response).
// A starved event loop delays them all until the storm ends; the delay of
// the probe in flight at that moment is measured too, so a starved storm
// shows as one very late timer, not as "no timer fired".
import { stat } from "node:fs";
import { createServer, get, Agent, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";

export const TIMER_MS = 10;
const WARMUP_MAX_MS = 1000;

export interface ProbeFigures {
  timerFired: number;
  /** Longest time a 10 ms setTimeout took to fire, in ms. */
  timerWorstMs: number;
  fsDone: number;
  fsWorstMs: number;
  httpDone: number;
  httpWorstMs: number;
  /** Completions before the storm's end (the rest came once it let go). */
  timerDuring: number;
  fsDuring: number;
  httpDuring: number;
  errors: string[];
}

interface Loop {
  done: number;
  during: number;
  worst: number;
  inFlight: Promise<void> | null;
}

const FILE = fileURLToPath(import.meta.url);

function loop(start: (finish: (err?: unknown) => void) => void, running: () => boolean, stormEnd: () => number, errors: string[]): Loop {
  const l: Loop = { done: 0, during: 0, worst: 0, inFlight: null };
  const once = (): void => {
    const t0 = performance.now();
    l.inFlight = new Promise<void>((resolve) =>
      start((err) => {
        const t = performance.now();
        if (err !== undefined && err !== null) errors.push(String(err));
        l.done++;
        if (t <= stormEnd()) l.during++;
        l.worst = Math.max(l.worst, t - t0);
        l.inFlight = null;
        resolve();
        if (running()) once();
      }),
    );
  };
  once();
  return l;
}

export interface Probes {
  /** Stop re-arming, wait (at most `graceMs`) for the probes in flight, and report. */
  stop(stormEnd: number, graceMs: number): Promise<ProbeFigures>;
}

export async function startProbes(): Promise<Probes> {
  const server: Server = createServer((_req, res) => res.end("ok"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const agent = new Agent({ keepAlive: false });
  const errors: string[] = [];
  let running = true;
  let end = Infinity;
  const stormEnd = (): number => end;
  const isRunning = (): boolean => running;

  const timer = loop((finish) => void setTimeout(finish, TIMER_MS), isRunning, stormEnd, errors);
  const fs = loop((finish) => stat(FILE, (err) => finish(err ?? undefined)), isRunning, stormEnd, errors);
  const http = loop(
    (finish) => {
      get({ host: "127.0.0.1", port, path: "/", agent }, (res) => {
        res.resume();
        res.on("end", () => finish());
        res.on("error", finish);
      }).on("error", finish);
    },
    isRunning,
    stormEnd,
    errors,
  );

  // Warm up before any storm: the first HTTP request and fs.stat load and
  // compile Node internals, a pause that is no storm's doing.
  const warm = performance.now() + WARMUP_MAX_MS;
  while ((timer.done < 2 || fs.done < 2 || http.done < 2) && performance.now() < warm) await new Promise((r) => setTimeout(r, 5));
  for (const l of [timer, fs, http]) l.done = l.during = l.worst = 0;

  return {
    async stop(stormEndAt, graceMs) {
      end = stormEndAt;
      running = false;
      const inFlight = [timer, fs, http].map((l) => l.inFlight).filter((p) => p !== null);
      await Promise.race([Promise.all(inFlight), new Promise((r) => setTimeout(r, graceMs))]);
      for (const [name, l] of [["timer", timer], ["fs.stat", fs], ["http", http]] as const) {
        if (l.inFlight !== null) errors.push(`${name} probe still not complete ${graceMs} ms after the storm`);
      }
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      return {
        timerFired: timer.done,
        timerWorstMs: timer.worst,
        fsDone: fs.done,
        fsWorstMs: fs.worst,
        httpDone: http.done,
        httpWorstMs: http.worst,
        timerDuring: timer.during,
        fsDuring: fs.during,
        httpDuring: http.during,
        errors,
      };
    },
  };
}
