/**
 * Checking a fine-tuning answer at scale (issue 21): `ftg check`'s verification of a full solve
 * (`ftg solve --json`) of many specialists with fixed costs (polynomial path), as a table of n,
 * time and peak RSS. Each size runs in its own process (its own peak memory); the answer is the
 * CLI's, produced first and not timed. Target: n = 10,000 well under a minute.
 * Run: npm run bench -- check
 * The 100,000 row takes a few minutes, so it runs only when asked:
 *   BENCH_MILLION=1 npm run bench -- check   (or node --import tsx bench/check.ts --million)
 */

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { checkFineTuningAnswer, fineTuningGameFromScenario, readFineTuningAnswer } from "@ftg/core";
import { duration } from "./harness.js";

const self = fileURLToPath(import.meta.url);
const ftg = join(dirname(self), "..", "packages", "cli", "bin", "ftg.js");

/** The scenario of bench/fine-tuning.ts's scaling table, as a file `ftg` reads. */
function scenario(n: number): unknown {
  const specialists = Array.from({ length: n }, (_, i) => {
    const u = (i * 0.6180339887498949) % 1;
    const v = (i * 0.7548776662466927) % 1;
    return { cost: { polynomial: { c: 0.5 + 2 * u, k: 2, fixed: 0.05 * v } } };
  });
  return { model: "fine-tuning", generalist: { cost: { polynomial: { c: n, k: 2 } } }, specialists };
}

/** One row of the table. */
interface Row {
  readonly n: number;
  readonly ms: number;
  readonly rssMiB: number;
  readonly holds: boolean;
  readonly failures: number;
  readonly items: number;
  readonly samples: number;
}

/** The child side: checks one answer and prints its row as JSON. */
function child(n: number, scenarioFile: string, answerFile: string): void {
  const game = fineTuningGameFromScenario(JSON.parse(readFileSync(scenarioFile, "utf8")));
  const answer = readFineTuningAnswer(game, JSON.parse(readFileSync(answerFile, "utf8")));
  const t0 = performance.now();
  const r = checkFineTuningAnswer(game, answer);
  const row: Row = {
    n,
    ms: performance.now() - t0,
    rssMiB: process.resourceUsage().maxRSS / 1024,
    holds: r.holds,
    failures: r.failures,
    items: r.items.length,
    samples: r.samples,
  };
  console.log(JSON.stringify(row));
}

function table(): void {
  const big = process.argv.includes("--million") || process.env["BENCH_MILLION"] === "1";
  const sizes = [1000, 10_000, ...(big ? [100_000] : [])];
  const targets: Record<number, number> = { 10000: 60_000 };
  console.log(
    `\nChecking an answer: ftg check of a full solve, many specialists with fixed costs${big ? "" : "; 100,000 with BENCH_MILLION=1"}`,
  );
  console.log("        n       time   peak RSS   δ examined    items  verdict");
  const dir = mkdtempSync(join(tmpdir(), "ftg-bench-check-"));
  try {
    for (const n of sizes) {
      const scenarioFile = join(dir, `s${n}.json`);
      const answerFile = join(dir, `a${n}.json`);
      writeFileSync(scenarioFile, JSON.stringify(scenario(n)));
      const solved = spawnSync(process.execPath, [ftg, "solve", scenarioFile, "--json"], {
        encoding: "utf8",
        maxBuffer: 1 << 30,
      });
      if (solved.status !== 0) {
        console.log(`  n = ${n}: solve failed (${solved.stderr.trim().split("\n").pop() ?? solved.status})`);
        continue;
      }
      writeFileSync(answerFile, solved.stdout);
      const out = spawnSync(
        process.execPath,
        [...process.execArgv, self, "--check-child", String(n), scenarioFile, answerFile],
        { encoding: "utf8", maxBuffer: 1 << 20 },
      );
      const line = out.stdout.trim().split("\n").pop() ?? "";
      if (out.status !== 0 || !line.startsWith("{")) {
        console.log(`  n = ${n}: check failed (${out.stderr.trim().split("\n").pop() ?? out.status})`);
        continue;
      }
      const row = JSON.parse(line) as Row;
      const target = targets[n];
      const met =
        target === undefined ? "" : `  (target ${duration(target)}: ${row.ms <= target ? "met" : "MISSED"})`;
      console.log(
        `  ${String(n).padStart(9)} ${duration(row.ms).padStart(9)} ${`${row.rssMiB.toFixed(0)} MiB`.padStart(10)} ${String(row.samples).padStart(12)} ${String(row.items).padStart(8)}  ${row.holds ? "holds" : `${row.failures} fail`}${met}`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const at = process.argv.indexOf("--check-child");
if (at >= 0) {
  child(Number(process.argv[at + 1]), process.argv[at + 2]!, process.argv[at + 3]!);
} else {
  table();
}
