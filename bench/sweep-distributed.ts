/**
 * Distributed sweep throughput on loopback: a redis-server on a free port, N `ftg worker`
 * processes (compiled CLI; build first), one 200-point sweep of a general-expression fine-tuning
 * game per N ∈ {1, 2, 4}, compared with the local worker-thread sweep.
 * Run: `node --import tsx bench/sweep-distributed.ts` (needs Debian's redis-server).
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const ftg = join(here, "..", "packages", "cli", "bin", "ftg.js");
const dir = mkdtempSync(join(tmpdir(), "ftg-bench-dist-"));
const file = join(dir, "general.json");
writeFileSync(
  file,
  JSON.stringify({
    model: "fine-tuning",
    generalist: { cost: "exp(a0) - 1" },
    specialists: [{ name: "D", cost: "{{c}}*(a-a0)^2", revenue: "log(1+a)" }],
  }),
);
const points = Number(process.argv[2] ?? 200);

const port: number = await new Promise((resolve) => {
  const s = createServer();
  s.listen(0, "127.0.0.1", () => {
    const p = (s.address() as { port: number }).port;
    s.close(() => resolve(p));
  });
});
const url = `redis://127.0.0.1:${port}`;
const redis = spawn(
  "redis-server",
  ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
  {
    stdio: "ignore",
  },
);
await new Promise((r) => setTimeout(r, 500));
console.log(
  `cores: ${availableParallelism()}, load average (1 min): ${loadavg()[0]!.toFixed(2)}, ${points} points, --no-certify`,
);

function sweep(extra: string[], out: string): number {
  const t = performance.now();
  const r = spawnSync(
    process.execPath,
    [
      ftg,
      "sweep",
      file,
      "--vary",
      `c=0.5:2:${points}`,
      "--out",
      out,
      "--no-progress",
      "--no-certify",
      "--force",
      ...extra,
    ],
    { encoding: "utf8" },
  );
  if (r.status !== 0) throw new Error(r.stderr);
  return (performance.now() - t) / 1000;
}

const local = sweep([], join(dir, "local.csv"));
console.log(
  `local, worker threads on all cores: ${local.toFixed(2)} s = ${(points / local).toFixed(1)} points/s`,
);
for (const n of [1, 2, 4]) {
  const workers: ChildProcess[] = [];
  for (let k = 0; k < n; k++)
    workers.push(spawn(process.execPath, [ftg, "worker", "--queue", url], { stdio: "ignore" }));
  await new Promise((r) => setTimeout(r, 1500)); // let the workers start
  const s = sweep(["--queue", url], join(dir, `queue-${n}.csv`));
  console.log(
    `queue, ${n} worker process${n === 1 ? "" : "es"}: ${s.toFixed(2)} s = ${(points / s).toFixed(1)} points/s`,
  );
  for (const w of workers) w.kill("SIGTERM");
  await new Promise((r) => setTimeout(r, 500));
}
redis.kill("SIGTERM");
console.log(`load average (1 min) at end: ${loadavg()[0]!.toFixed(2)}`);
