/**
 * `ftg solve market.json --queue`: a market's certificate (every firm's best deviation gain) on
 * the BullMQ worker pool against a real Redis (Debian's redis-server on loopback, started and
 * stopped here) with one worker in this process. The answer must be the local run's, byte for
 * byte, in every output format. The redis-backed part is skipped when redis-server is not
 * installed (scripts/setup.sh installs it); the messages are checked without Redis.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MarketSetupCache, solveMarketChunk, storedMarketText } from "../src/sweep/marketGains.js";
import { startQueueWorker } from "../src/sweep/queue.js";
import { cli } from "./helpers.js";
import { tempDir } from "./tempDirs.js";

const FTG = join(dirname(fileURLToPath(import.meta.url)), "..", "bin", "ftg.js");
const hasRedis = spawnSync("redis-server", ["--version"]).status === 0;
const dir = tempDir("ftg-marketq-");

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** n firms with qualities on a grid of `levels` steps (ties once n > levels), some at 0. */
function market(n: number, levels: number, consumers?: object): object {
  return {
    model: "market",
    qualities: Array.from(
      { length: n },
      (_, i) => Math.round(((i * 0.6180339887498949) % 1) * levels) / levels,
    ),
    ...(consumers === undefined ? {} : { consumers }),
  };
}

function write(name: string, s: object): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(s));
  return file;
}

describe("market chunks as the jobs carry them", () => {
  it("stores the prices exactly, −0 included", () => {
    const text = storedMarketText('{"model":"market"}', [0.1 + 0.2, -0, 1 / 3]);
    expect(text).toBe(
      '{"scenario":{"model":"market"},"prices":[0.30000000000000004,"-0",0.3333333333333333]}',
    );
  });

  it("a worker whose market has left Redis fails the job saying so", async () => {
    await expect(
      solveMarketChunk({ hash: "abc", from: 0, to: 1 }, () => Promise.resolve(null), new MarketSetupCache()),
    ).rejects.toThrow("market abc is no longer in Redis (run ftg solve again)");
  });
});

describe("ftg solve market --queue: what it refuses, in one line", () => {
  const unreachable = "redis://127.0.0.1:9"; // the discard port: nothing listens there
  const cases: [string, () => string[], RegExp][] = [
    [
      "a Redis nobody answers on",
      () => [write("u.json", market(5, 10))],
      /^ftg: error: --queue: cannot reach Redis at 127\.0\.0\.1:9 \(.*\); start redis-server there or check the URL\n$/,
    ],
    [
      "--chunk-firms 0",
      () => [write("c.json", market(5, 10)), "--chunk-firms", "0"],
      /^ftg: error: --chunk-firms: expected an integer in \[1, 10000000\], found "0"\n$/,
    ],
    [
      "--chunk-deltas with a market",
      () => [write("cd.json", market(5, 10)), "--chunk-deltas", "4"],
      /^ftg: error: --chunk-deltas: .*cd\.json is a market, whose certificate is split by firms; use --chunk-firms\n$/,
    ],
    [
      "--chunk-firms with a fine-tuning game",
      () => ["--chunk-firms", "4"],
      /^ftg: error: --chunk-firms: only for a market \(the firms per certificate job\); default scenario is a "fine-tuning" scenario\n$/,
    ],
    [
      "another model, naming what --queue distributes",
      () => [join("examples", "openness-low-alpha0.yaml")],
      /^ftg: error: --queue: ftg solve distributes a fine-tuning scenario .* or a market; .* is a "openness" scenario\n$/,
    ],
  ];
  for (const [what, args, message] of cases)
    it(`refuses ${what}`, async () => {
      const r = await cli(["solve", ...args(), "--json", "--queue", unreachable]);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(message);
      expect(r.code).toBe(2);
    }, 30_000);

  it("refuses --chunk-firms without --queue", async () => {
    const r = await cli(["solve", write("c2.json", market(5, 10)), "--chunk-firms", "4"]);
    expect(r.stderr).toBe(
      "ftg: error: --chunk-firms: only with --queue (the firms per job of the worker pool)\n",
    );
    expect(r.code).toBe(2);
  });
});

describe.skipIf(!hasRedis)("ftg solve market --queue (BullMQ + redis-server)", () => {
  let redis: ChildProcess;
  let url = "";
  let worker: ReturnType<typeof startQueueWorker> | null = null;
  let firmsSolved = 0;

  beforeAll(async () => {
    const port = await freePort();
    url = `redis://127.0.0.1:${port}`;
    redis = spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
      { stdio: "ignore" },
    );
    for (let k = 0; k < 50; k++) {
      if (spawnSync("redis-cli", ["-p", String(port), "ping"], { encoding: "utf8" }).stdout.trim() === "PONG")
        break;
      await new Promise((r) => setTimeout(r, 100));
    }
    worker = startQueueWorker(url, {
      onChunk: (kind, n) => {
        if (kind === "market") firmsSolved += n;
      },
    });
  });

  afterAll(async () => {
    await worker?.close();
    redis?.kill("SIGTERM");
  });

  const density2 = {
    density: [
      [0, 0],
      [1, 2],
    ],
  };
  const bimodal = {
    density: [
      [0, 1],
      [0.3, 1],
      [0.35, 0],
      [0.6, 0],
      [0.65, 1],
      [1, 1],
    ],
  };
  // [what, scenario, output flags, queue flags]
  const games: [string, object, string[], string[]][] = [
    ["300 distinct firms, uniform consumers, JSON", market(300, 100_000), ["--json"], []],
    [
      "300 firms with ties in quality, density 2θ, CSV, one firm per job",
      market(300, 40, density2),
      ["--csv"],
      ["--chunk-firms", "1"],
    ],
    [
      "500 firms with ties, density 2θ, table, 37 firms per job",
      market(500, 100, density2),
      [],
      ["--chunk-firms", "37"],
    ],
    [
      "200 firms, a bimodal density, JSON, one job",
      market(200, 1000, bimodal),
      ["--json"],
      ["--chunk-firms", "1000"],
    ],
    ["two firms of equal quality, JSON", { model: "market", qualities: [0.7, 0.7] }, ["--json"], []],
  ];
  for (const [what, s, flags, queueFlags] of games)
    it(`gives the local run's answer byte for byte (${what})`, async () => {
      const file = write(`q-${what.length}.json`, s);
      const local = await cli(["solve", file, ...flags]);
      expect(local.stderr).toBe("");
      expect(local.code).toBe(0);
      const before = firmsSolved;
      const queued = await cli(["solve", file, ...flags, ...queueFlags, "--queue", url]);
      expect(queued.stderr).toBe("");
      expect(queued.code).toBe(0);
      // every firm's gain was the pool's (a run that ignored the queue would pass the equality)
      expect(firmsSolved - before).toBe((s as { qualities: number[] }).qualities.length);
      expect(queued.stdout.length).toBe(local.stdout.length);
      expect(queued.stdout).toBe(local.stdout);
    }, 120_000);

  it("stores the scenario and prices once, under their hash, with an expiry", async () => {
    const file = write("stored.json", market(20, 10));
    const r = await cli(["solve", file, "--json", "--queue", url]);
    expect(r.code).toBe(0);
    const port = new URL(url).port;
    const keys = spawnSync("redis-cli", ["-p", port, "--scan", "--pattern", "ftg:market:*"], {
      encoding: "utf8",
    }).stdout.trim();
    const key = keys.split("\n").find((k) => {
      const text = spawnSync("redis-cli", ["-p", port, "get", k], { encoding: "utf8" }).stdout.trim();
      return text.startsWith(`{"scenario":${JSON.stringify(market(20, 10))},"prices":[`);
    });
    expect(key).toMatch(/^ftg:market:[0-9a-f]{32}:prices$/);
    const ttl = Number(spawnSync("redis-cli", ["-p", port, "ttl", key!], { encoding: "utf8" }).stdout);
    expect(ttl).toBeGreaterThan(24 * 3600 - 60);
    expect(ttl).toBeLessThanOrEqual(24 * 3600);
  }, 60_000);

  it("Ctrl-C stops waiting (exit 130, one line) and the same command collects the jobs later", async () => {
    // database 1: no worker listens there until this test starts one
    const url1 = `${url}/1`;
    const file = write("interrupted.json", market(120, 30));
    const local = await cli(["solve", file, "--json"]);
    const child = spawn(
      process.execPath,
      [FTG, "solve", file, "--json", "--queue", url1, "--chunk-firms", "50"],
      {
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stderr = "";
    child.stderr.on("data", (d) => {
      stderr += String(d);
    });
    const port = new URL(url).port;
    const queued = () =>
      spawnSync("redis-cli", ["-p", port, "-n", "1", "--scan", "--pattern", "bull:ftg-sweep:market-*"], {
        encoding: "utf8",
      }).stdout.trim();
    for (let k = 0; k < 100 && queued() === ""; k++) await new Promise((r) => setTimeout(r, 100));
    child.kill("SIGINT");
    const code = await new Promise<number | null>((r) => child.on("close", r));
    expect(code).toBe(130);
    expect(stderr).toBe(
      `ftg solve: interrupted after 0 of 120 firms' deviation gains; the rest stay queued at 127.0.0.1:${port}, and the same command collects what the workers finish\n`,
    );
    const late = startQueueWorker(url1);
    try {
      const again = await cli(["solve", file, "--json", "--queue", url1, "--chunk-firms", "50"]);
      expect(again.stderr).toBe("");
      expect(again.stdout).toBe(local.stdout);
    } finally {
      await late.close();
    }
  }, 60_000);
});
