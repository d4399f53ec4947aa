/**
 * Loading a fine-tuning scenario of many specialists the way `ftg solve` does: read the file and
 * parse its JSON (with the nesting checks), validate it against the schema, build the game. A
 * table of n / file size / time of each step / peak RSS, each size in its own process (its own
 * peak memory). The files are generated into a temporary folder: names and full-precision
 * polynomial costs with fixed costs, revenue "a", written compactly (~125 bytes a specialist).
 * 100,000 specialists; 1,000,000 too with BENCH_MILLION=1 (or --million).
 * Run: `node --import tsx bench/scenario-load.ts` (build first: `npm run build`).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { MODELS } from "@ftg/core";
import { readScenario } from "../packages/cli/dist/io/readScenario.js";
import { duration } from "./harness.js";

/** One row of the table, as the child prints it. */
interface LoadRow {
  readonly n: number;
  readonly readMs: number;
  readonly validateMs: number;
  readonly buildMs: number;
  readonly rssMiB: number;
}

/** Writes a scenario of `n` specialists to `path` (a seeded sequence, the same file every run). */
function writeScenario(n: number, path: string): void {
  let seed = 1;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const specialists = Array.from({ length: n }, (_, i) => ({
    name: `specialist-${String(i + 1).padStart(7, "0")}`,
    cost: { polynomial: { c: 0.5 + 2 * next(), k: 2, fixed: 0.05 * next() } },
    revenue: "a",
  }));
  writeFileSync(
    path,
    JSON.stringify({
      model: "fine-tuning",
      title: `${n} specialists`,
      generalist: { cost: { polynomial: { c: n, k: 2 } }, disagreement: 0 },
      specialists,
    }),
  );
}

/** The child side: loads one file and prints its row as JSON. */
async function loadChild(path: string): Promise<void> {
  const io = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
  const t0 = performance.now();
  const raw = await readScenario(path, io);
  const t1 = performance.now();
  const model = MODELS.get("fine-tuning")!;
  const scenario = model.parse(raw);
  const t2 = performance.now();
  const game = model.build(scenario) as { specialists: readonly unknown[] };
  const t3 = performance.now();
  const row: LoadRow = {
    n: game.specialists.length,
    readMs: t1 - t0,
    validateMs: t2 - t1,
    buildMs: t3 - t2,
    rssMiB: process.resourceUsage().maxRSS / 1024,
  };
  console.log(JSON.stringify(row));
}

function table(): void {
  const million = process.argv.includes("--million") || process.env["BENCH_MILLION"] === "1";
  const sizes = [100_000, ...(million ? [1_000_000] : [])];
  const dir = mkdtempSync(join(tmpdir(), "ftg-bench-load-"));
  const self = fileURLToPath(import.meta.url);
  console.log(
    `\nLoading a scenario of n specialists (read + JSON.parse, schema, game)${million ? "" : "; 1,000,000 with BENCH_MILLION=1"}`,
  );
  console.log("          n   file   read+parse   validate      build      total   peak RSS");
  try {
    for (const n of sizes) {
      const path = join(dir, `${n}.json`);
      writeScenario(n, path);
      const mb = statSync(path).size / 1e6;
      const out = spawnSync(process.execPath, [...process.execArgv, self, "--load-child", path], {
        encoding: "utf8",
        maxBuffer: 1 << 20,
      });
      rmSync(path);
      const line = out.stdout.trim().split("\n").pop() ?? "";
      if (out.status !== 0 || !line.startsWith("{")) {
        console.log(`  n = ${n}: failed (${out.stderr.trim().split("\n").pop() ?? out.status})`);
        continue;
      }
      const r = JSON.parse(line) as LoadRow;
      const cells = [r.readMs, r.validateMs, r.buildMs, r.readMs + r.validateMs + r.buildMs].map((ms) =>
        duration(ms).padStart(10),
      );
      console.log(
        `  ${String(r.n).padStart(9)} ${`${mb.toFixed(0)} MB`.padStart(6)}   ${cells.join(" ")} ${`${r.rssMiB.toFixed(0)} MiB`.padStart(10)}`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const child = process.argv.indexOf("--load-child");
if (child >= 0) await loadChild(process.argv[child + 1]!);
else table();
