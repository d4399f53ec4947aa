/**
 * Distributed sweeps against a real Redis (Debian's redis-server on loopback, started and stopped
 * here): three worker processes, one killed mid-run; the rows must equal a local run's, each point
 * once. Skipped, with a message, when redis-server is not installed (scripts/setup.sh installs it).
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseVary } from "../src/sweep/grid.js";
import { runSweep } from "../src/sweep/run.js";
import { tempDir } from "./tempDirs.js";

const hasRedis = spawnSync("redis-server", ["--version"]).status === 0;
const main = fileURLToPath(new URL("../src/main.ts", import.meta.url));
const dir = tempDir("ftg-dist-");
const io = () => ({ stdout: new PassThrough(), stderr: new PassThrough(), stdin: new PassThrough() });

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function startWorker(url: string): ChildProcess {
  const code = `import { run } from ${JSON.stringify(main)};
process.exitCode = await run(["worker", "--queue", ${JSON.stringify(url)}, "--lock-ms", "1500"], { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin });`;
  return spawn(
    process.execPath,
    ["--conditions=source", "--import", "tsx", "--input-type=module", "-e", code],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
}

describe.skipIf(!hasRedis)("distributed sweep on BullMQ + redis-server", () => {
  let redis: ChildProcess;
  let url = "";
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    const port = await freePort();
    url = `redis://127.0.0.1:${port}`;
    redis = spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
      {
        stdio: "ignore",
      },
    );
    for (let k = 0; k < 50; k++) {
      if (spawnSync("redis-cli", ["-p", String(port), "ping"], { encoding: "utf8" }).stdout.trim() === "PONG")
        break;
      await new Promise((r) => setTimeout(r, 100));
    }
    for (let k = 0; k < 3; k++) workers.push(startWorker(url));
  });

  afterAll(() => {
    for (const w of workers) if (w.exitCode === null) w.kill("SIGKILL");
    redis?.kill("SIGTERM");
  });

  it("gives the local run's rows, each point once, although a worker is killed mid-run", async () => {
    const scenario = {
      model: "fine-tuning",
      generalist: { cost: "exp(a0) - 1" },
      specialists: [{ name: "D", cost: "{{c}}*(a-a0)^2", revenue: "log(1+a)" }],
    };
    const axes = [parseVary("c=0.5:2:12")];
    const local = join(dir, "local.json");
    await runSweep(
      scenario,
      axes,
      { out: local, format: "json", workers: 0, progress: false, solver: { certify: false } },
      io(),
    );
    const out = join(dir, "queue.json");
    let killed = false;
    const summary = await runSweep(
      scenario,
      axes,
      {
        out,
        format: "json",
        queue: url,
        chunk: 2,
        progress: false,
        solver: { certify: false },
        onProgress: (done) => {
          if (!killed && done >= 2) {
            killed = true;
            workers[0]!.kill("SIGKILL");
          }
        },
      },
      io(),
    );
    expect(killed).toBe(true);
    expect(summary.interrupted).toBe(false);
    expect(summary.done).toBe(12);
    const rows = (p: string) => JSON.parse(readFileSync(p, "utf8")).rows as { point: number }[];
    expect(rows(out)).toHaveLength(12);
    expect(rows(out).map((r) => r.point)).toEqual([...Array(12).keys()]);
    expect(rows(out)).toEqual(rows(local));
  }, 120_000);
});
