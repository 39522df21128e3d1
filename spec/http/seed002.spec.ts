// Seed 002: http.TimeoutHandler cannot stop the ServeHTTP it abandons.
// Drives examples/seed002 over real loopback connections (durations scaled
// 100x, see the examples): both answer 503 "Timeout"; afterwards the leaky
// handler's tasks are still alive in the registry, looping, while the
// ctx-watching fix has none left.
import * as http from "node:http";
import { afterAll, describe, expect, it } from "vitest";
import { runtime } from "../../src/index.js";
import * as fixed from "../../examples/seed002/fixed.js";
import * as leaky from "../../examples/seed002/leaky.js";
import { eventually, hostDelay, httpServer, type TestServer } from "./_helpers.js";
import { withTracing } from "../_tracing.js";

const REQUESTS = 3;
const servers: TestServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

const printed: string[] = [];
leaky.fmt.printf = (f) => void printed.push(f);
fixed.fmt.printf = (f) => void printed.push(f);
fixed.fmt.println = (...a) => void printed.push(a.join(" "));

function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => (body += d));
        res.on("end", () => resolve({ status: res.statusCode!, body }));
      })
      .on("error", reject);
  });
}

async function drive(listener: http.RequestListener) {
  const srv = await httpServer(listener);
  servers.push(srv);
  const before = runtime.numGoroutine();
  const answers = await Promise.all(Array.from({ length: REQUESTS }, () => get(srv.url)));
  return { answers, before };
}

const serveHTTP = () => runtime.goroutines().filter((t) => t.name === "ServeHTTP");

describe("seed 002: TimeoutHandler and the ServeHTTP task it abandons", () => {
  it("fixed: the handler sees ctx done and returns; no task is left", async () => {
    const { answers, before } = await drive(fixed.newHandler());
    expect(answers).toEqual(Array(REQUESTS).fill({ status: 503, body: "Timeout" }));
    expect(await eventually(() => runtime.numGoroutine() === before, 1000)).toBe(true);
    expect(serveHTTP()).toHaveLength(0);
    expect(printed.filter((l) => l === "context canceled")).toHaveLength(REQUESTS);
  });

  // The live tasks' state words need tracing.
  describe("with tracing", () => {
    withTracing();

    it("leaky: the 503 went out, yet one ServeHTTP task per request is still running", async () => {
      const { answers, before } = await drive(leaky.newHandler());
      expect(answers).toEqual(Array(REQUESTS).fill({ status: 503, body: "Timeout" }));
      await hostDelay(200); // 20 timeouts' worth later
      expect(runtime.numGoroutine() - before).toBe(REQUESTS);
      const live = serveHTTP();
      expect(live).toHaveLength(REQUESTS);
      for (const t of live) expect(["sleep", "runnable", "running"]).toContain(t.state);
      // They keep printing: each is somewhere in its 500 iterations, not done.
      const lines = printed.filter((l) => l.startsWith("#goroutines")).length;
      await hostDelay(50);
      expect(printed.filter((l) => l.startsWith("#goroutines")).length).toBeGreaterThan(lines);
    });
  });
});
