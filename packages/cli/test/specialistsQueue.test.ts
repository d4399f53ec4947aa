/**
 * `ftg solve … --queue`: the δ grid of a fine-tuning game with many specialists on the BullMQ
 * worker pool against a real Redis (Debian's redis-server on loopback, started and stopped here)
 * with one worker in this process. The answer must be the local run's, byte for byte. The
 * redis-backed part is skipped, with a message, when redis-server is not installed
 * (scripts/setup.sh installs it); the messages and the JSON encoding are checked without Redis.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startQueueWorker } from "../src/sweep/queue.js";
import {
  decodeChoice,
  decodeNumber,
  encodeChoice,
  encodeNumber,
  GameCache,
  solveChoicesChunk,
} from "../src/sweep/specialistsChoices.js";
import { scenarioJson } from "../src/sweep/specialistsQueue.js";
import { cli } from "./helpers.js";
import { tempDir } from "./tempDirs.js";

const hasRedis = spawnSync("redis-server", ["--version"]).status === 0;
const dir = tempDir("ftg-specq-");

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * n specialists with quadratic and cubic costs and fixed costs spread over a range (as the
 * benchmark's `manySpecialists`: some abstain, some free-ride), optionally with disagreement
 * payoffs and G's direct channel.
 */
function scenario(n: number, extras: { direct?: boolean; disagreement?: boolean } = {}): object {
  return {
    model: "fine-tuning",
    generalist: {
      cost: { polynomial: { c: n, k: 2 } },
      ...(extras.direct === true ? { direct: { cost: { polynomial: { c: 3, k: 2, fixed: 0.5 } } } } : {}),
    },
    specialists: Array.from({ length: n }, (_, i) => {
      const u = (i * 0.6180339887498949) % 1;
      const v = (i * 0.7548776662466927) % 1;
      return {
        name: `D${i + 1}`,
        cost: { polynomial: { c: 0.5 + 2 * u, k: 2 + (i % 2), fixed: 0.05 * v } },
        revenue: `${1 + (i % 3) / 2}*a`,
        ...(extras.disagreement === true ? { disagreement: 0.01 * (i % 5) } : {}),
      };
    }),
  };
}

function write(name: string, s: object): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(s));
  return file;
}

describe("choices as the jobs carry them", () => {
  it("encodes every double so that it reads back bit for bit, −0 and ±Infinity included", () => {
    const xs = [0, -0, 1 / 3, -1e-300, 5e-324, Number.MAX_VALUE, Infinity, -Infinity, 0.1 + 0.2];
    const back = xs.map((x) => decodeNumber(JSON.parse(JSON.stringify(encodeNumber(x)))));
    expect(back).toHaveLength(xs.length);
    for (const [i, b] of back.entries()) expect(Object.is(b, xs[i]), `${xs[i]}`).toBe(true);
    expect(Number.isNaN(decodeNumber(JSON.parse(JSON.stringify(encodeNumber(Number.NaN)))))).toBe(true);
    const c = { alpha0: 0.1 + 0.7, value: -0, choice: "threshold" as const, item: 12 };
    const [d, read] = decodeChoice(JSON.parse(JSON.stringify(encodeChoice(0.25, c))));
    expect(d).toBe(0.25);
    expect(read).toEqual(c);
    expect(Object.is(read.value, -0)).toBe(true);
  });

  it("refuses a scenario JSON cannot carry exactly, naming the field", () => {
    expect(() => scenarioJson({ a: [1, { b: -0 }] }, "s.yaml")).toThrow(
      /^--queue: s\.yaml: a\[1\]\.b is -0, which JSON cannot carry to the workers/,
    );
    expect(() => scenarioJson({ when: new Date(0) }, "s.yaml")).toThrow(/when is a date/);
    expect(() => scenarioJson({ x: Number.POSITIVE_INFINITY }, "s.yaml")).toThrow(/x is Infinity/);
    expect(scenarioJson({ a: [1, "b", true, null] }, "s.yaml")).toBe('{"a":[1,"b",true,null]}');
  });

  it("a worker whose scenario has left Redis fails the job saying so", async () => {
    await expect(
      solveChoicesChunk({ hash: "abc", deltas: [0.5] }, () => Promise.resolve(null), new GameCache()),
    ).rejects.toThrow("scenario abc is no longer in Redis (run ftg solve again)");
  });
});

describe("ftg solve --queue: what it refuses, in one line", () => {
  const unreachable = "redis://127.0.0.1:9"; // the discard port: nothing listens there
  const cases: [string, () => string[], RegExp][] = [
    [
      "another model",
      () => [join("examples", "collaboration-figure-1.yaml")],
      /^ftg: error: --queue: ftg solve distributes a fine-tuning scenario with polynomial costs and linear revenues for every player \(the polynomial path\) or a market; .* is a "collaboration" scenario\n$/,
    ],
    [
      "a fine-tuning game off the polynomial path",
      () => [
        write("numeric.json", {
          model: "fine-tuning",
          generalist: { cost: "a0^2" },
          specialists: [{ cost: "(a-a0)^2", revenue: "sqrt(a)" }, { cost: "(a-a0)^2" }],
        }),
      ],
      /^ftg: error: --queue: .* has a cost or revenue outside that family \(solve it without --queue\)\n$/,
    ],
    [
      "a game solved in closed form",
      () => [],
      /^ftg: error: --queue: default scenario is solved in closed form \(one specialist\), with no δ grid to distribute; solve it without --queue\n$/,
    ],
    ["--delta", () => [write("d.json", scenario(3)), "--delta", "0.5"], /^ftg: error: --queue and --delta: /],
    [
      "a Redis nobody answers on",
      () => [write("u.json", scenario(3))],
      /^ftg: error: --queue: cannot reach Redis at 127\.0\.0\.1:9 \(.*\); start redis-server there or check the URL\n$/,
    ],
    [
      "--chunk-deltas 0",
      () => [write("c.json", scenario(3)), "--chunk-deltas", "0"],
      /^ftg: error: --chunk-deltas: expected an integer in \[1, 100000\], found "0"\n$/,
    ],
  ];
  for (const [what, args, message] of cases)
    it(`refuses ${what}`, async () => {
      const r = await cli(["solve", ...args(), "--json", "--queue", unreachable]);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(message);
      expect(r.code).toBe(2);
    }, 30_000);

  it("refuses --chunk-deltas without --queue", async () => {
    const r = await cli(["solve", write("c2.json", scenario(3)), "--chunk-deltas", "4"]);
    expect(r.stderr).toBe(
      "ftg: error: --chunk-deltas: only with --queue (the δ's per job of the worker pool)\n",
    );
    expect(r.code).toBe(2);
  });
});

describe.skipIf(!hasRedis)("ftg solve --queue (BullMQ + redis-server)", () => {
  let redis: ChildProcess;
  let url = "";
  let worker: ReturnType<typeof startQueueWorker> | null = null;
  let deltasSolved = 0;

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
        if (kind === "specialists") deltasSolved += n;
      },
    });
  });

  afterAll(async () => {
    await worker?.close();
    redis?.kill("SIGTERM");
  });

  // [what, scenario, output flags, queue flags]
  const games: [string, object, string[], string[]][] = [
    ["300 specialists, JSON", scenario(300), ["--json"], []],
    ["300 specialists, CSV, one δ per job", scenario(300), ["--csv"], ["--chunk-deltas", "1"]],
    [
      "300 specialists with disagreement payoffs and G's direct channel, table",
      scenario(300, { direct: true, disagreement: true }),
      [],
      ["--chunk-deltas", "100"],
    ],
    [
      "10 specialists (every powerful-player solution) with G's direct channel, JSON",
      scenario(10, { direct: true, disagreement: true }),
      ["--json"],
      ["--chunk-deltas", "7"],
    ],
  ];
  for (const [what, s, flags, queueFlags] of games)
    it(`gives the local run's answer byte for byte (${what})`, async () => {
      const file = write(`q-${what.length}.json`, s);
      const local = await cli(["solve", file, ...flags]);
      expect(local.stderr).toBe("");
      expect(local.code).toBe(0);
      const before = deltasSolved;
      const queued = await cli(["solve", file, ...flags, ...queueFlags, "--queue", url]);
      expect(queued.stderr).toBe("");
      expect(queued.code).toBe(0);
      // the grid's 257 δ's were the pool's (a run that ignored the queue would pass the equality)
      expect(deltasSolved - before).toBe(257);
      expect(queued.stdout.length).toBe(local.stdout.length);
      expect(queued.stdout).toBe(local.stdout);
    }, 120_000);

  it("finishes two identical solves submitted at once (each collects every chunk, whoever removed it)", async () => {
    const file = write("twice.json", scenario(200));
    const local = await cli(["solve", file, "--json"]);
    const both = await Promise.all([0, 1].map(() => cli(["solve", file, "--json", "--queue", url])));
    expect(both).toHaveLength(2);
    for (const r of both) {
      expect(r.stderr).toBe("");
      expect(r.stdout).toBe(local.stdout);
    }
  }, 120_000);

  it("stores the scenario once, under its hash, with an expiry", async () => {
    const file = write("stored.json", scenario(50));
    const r = await cli(["solve", file, "--json", "--queue", url]);
    expect(r.code).toBe(0);
    const port = new URL(url).port;
    const keys = spawnSync("redis-cli", ["-p", port, "--scan", "--pattern", "ftg:specialists:*"], {
      encoding: "utf8",
    }).stdout.trim();
    const key = keys.split("\n").find((k) => {
      const text = spawnSync("redis-cli", ["-p", port, "get", k], { encoding: "utf8" }).stdout.trim();
      return text === JSON.stringify(scenario(50));
    });
    expect(key).toMatch(/^ftg:specialists:[0-9a-f]{32}:scenario$/);
    const ttl = Number(spawnSync("redis-cli", ["-p", port, "ttl", key!], { encoding: "utf8" }).stdout);
    expect(ttl).toBeGreaterThan(24 * 3600 - 60);
    expect(ttl).toBeLessThanOrEqual(24 * 3600);
  }, 60_000);
});
