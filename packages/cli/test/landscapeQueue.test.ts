/**
 * Landscapes on the BullMQ worker pool against a real Redis (Debian's redis-server on loopback,
 * started and stopped here) with one worker in this process: the rows must equal a local run's.
 * Skipped, with a message, when redis-server is not installed (scripts/setup.sh installs it).
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { landscapeCommand } from "../src/commands/landscape.js";
import { startQueueWorker } from "../src/sweep/queue.js";

const hasRedis = spawnSync("redis-server", ["--version"]).status === 0;
const dir = mkdtempSync(join(tmpdir(), "ftg-landq-"));
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

describe.skipIf(!hasRedis)("ftg landscape --queue (BullMQ + redis-server)", () => {
  let redis: ChildProcess;
  let url = "";
  let worker: ReturnType<typeof startQueueWorker> | null = null;

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
    worker = startQueueWorker(url);
  });

  afterAll(async () => {
    await worker?.close();
    redis?.kill("SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  });

  for (const delta of [0.5, { bargaining: "nash" }] as const) {
    it(`split by rows, gives the local run's landscape row for row (δ ${JSON.stringify(delta)})`, async () => {
      const file = join(dir, `s${typeof delta}.json`);
      writeFileSync(file, JSON.stringify({ model: "openness", alpha0: 0.9, delta }));
      const opts = { theta: "0:1:7", penalty: "0:0.5:6", format: "csv", progress: false, deltaGrid: "16" };
      const local = await landscapeCommand(file, opts, io());
      const queued = await landscapeCommand(file, { ...opts, queue: url, chunkRows: "2" }, io());
      expect(queued.split("\n")).toHaveLength(local.split("\n").length);
      expect(queued).toBe(local);
    }, 120_000);
  }
});
