/**
 * Unreachable Redis: a distributed sweep fails within seconds naming the address; a worker says
 * it cannot reach Redis, backs off, and stops on SIGTERM — also when Redis goes away under it.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { run } from "../src/main.js";
import { cli } from "./helpers.js";
import { tempDir } from "./tempDirs.js";

const hasRedis = spawnSync("redis-server", ["--version"]).status === 0;
const main = fileURLToPath(new URL("../src/main.ts", import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const exited = (p: ChildProcess) =>
  new Promise<number | null>((resolve) => p.on("exit", (code) => resolve(code)));

describe("unreachable Redis", () => {
  it("a sweep on a queue nobody listens on fails within seconds: exit 2, 'cannot reach Redis at host:port'", async () => {
    const dir = tempDir("ftg-redis-");
    const scenario = join(dir, "s.json");
    writeFileSync(
      scenario,
      JSON.stringify({
        model: "fine-tuning",
        generalist: { cost: "a0^2" },
        specialists: [{ cost: { polynomial: { c: 2, k: 2 } } }],
      }),
    );
    const port = await freePort();
    const started = Date.now();
    const r = await cli([
      "sweep",
      scenario,
      "--vary",
      "specialists[0].cost.polynomial.c=1:2:3",
      "--queue",
      `redis://127.0.0.1:${port}`,
      "--no-progress",
      "--out",
      join(dir, "o.csv"),
    ]);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `ftg: error: --queue: cannot reach Redis at 127.0.0.1:${port} (ECONNREFUSED); start redis-server there or check the URL\n`,
    );
  });

  it("a worker that cannot reach Redis says so, backs off, and stops on SIGTERM", async () => {
    const port = await freePort();
    let stderr = "";
    const err = new PassThrough();
    err.on("data", (d) => {
      stderr += String(d);
      if (stderr.includes("retrying in 2 s")) process.emit("SIGTERM");
    });
    const code = await run(["worker", "--queue", `redis://127.0.0.1:${port}`], {
      stdout: new PassThrough(),
      stderr: err,
      stdin: new PassThrough(),
    });
    expect(code).toBe(0);
    expect(stderr).toContain(
      `ftg worker: cannot reach Redis at 127.0.0.1:${port} (ECONNREFUSED); retrying in 1 s (Ctrl-C to stop)\n`,
    );
    expect(stderr).toContain("retrying in 2 s");
  }, 30_000);

  it.skipIf(!hasRedis)(
    "a worker whose Redis goes away stops on SIGTERM within seconds",
    async () => {
      const port = await freePort();
      const redis = spawn(
        "redis-server",
        ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        { stdio: "ignore" },
      );
      for (let k = 0; k < 50; k++) {
        if (
          spawnSync("redis-cli", ["-p", String(port), "ping"], { encoding: "utf8" }).stdout.trim() === "PONG"
        )
          break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const code = `import { run } from ${JSON.stringify(main)};
process.exitCode = await run(["worker", "--queue", "redis://127.0.0.1:${port}"], { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin });`;
      const worker = spawn(
        process.execPath,
        ["--conditions=source", "--import", "tsx", "--input-type=module", "-e", code],
        { stdio: ["ignore", "pipe", "pipe"] },
      );
      try {
        let stderr = "";
        let stdout = "";
        worker.stdout!.on("data", (d) => {
          stdout += String(d);
        });
        const saw = (text: string) =>
          new Promise<void>((resolve) => {
            const check = () => {
              if (stderr.includes(text)) resolve();
            };
            worker.stderr!.on("data", (d) => {
              stderr += String(d);
              check();
            });
            check();
          });
        await saw("waiting for sweep chunks");
        redis.kill("SIGKILL");
        await saw("lost Redis");
        const stopping = Date.now();
        worker.kill("SIGTERM");
        await exited(worker);
        expect(Date.now() - stopping).toBeLessThan(10_000);
        expect(stdout).toBe("ftg worker: solved 0 chunks (0 points)\n");
      } finally {
        if (worker.exitCode === null) worker.kill("SIGKILL");
        if (redis.exitCode === null) redis.kill("SIGKILL");
      }
    },
    60_000,
  );
});
