/**
 * Sweeps and the reproduction: wall-clock timings of the compiled command line (build first:
 * `npm run build`). Targets (issue 7): a 1,000-point sweep of a general-expression fine-tuning
 * game in under 10 s on both cores; the full `ftg reproduce` (no real training) in under 2 minutes.
 * Run: `node --import tsx bench/sweep.ts` (add `--quick` for a 200-point sweep and no reproduce).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { fineTuningGameFromScenario, solveFineTuning } from "@ftg/core";
import { bench, duration } from "./harness.js";

const quick = process.argv.includes("--quick");
const here = dirname(fileURLToPath(import.meta.url));
const ftg = join(here, "..", "packages", "cli", "bin", "ftg.js");
const dir = mkdtempSync(join(tmpdir(), "ftg-bench-sweep-"));
const scenario = {
  model: "fine-tuning",
  generalist: { cost: "exp(a0) - 1" },
  specialists: [{ name: "D", cost: "{{c}}*(a-a0)^2", revenue: "log(1+a)" }],
};
const file = join(dir, "general.json");
writeFileSync(file, JSON.stringify(scenario));

function time(args: string[]): { seconds: number; stdout: string } {
  const t = performance.now();
  const r = spawnSync(process.execPath, [ftg, ...args], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`ftg ${args.join(" ")} failed: ${r.stderr}`);
  return { seconds: (performance.now() - t) / 1000, stdout: r.stdout };
}

console.log(`cores: ${availableParallelism()}, load average (1 min) at start: ${loadavg()[0]!.toFixed(2)}`);
console.log("# one general-expression solve (r = log(1+a), φ0 = exp(a0) − 1, φ1 = 1.3(a − a0)²), one thread");
const game = fineTuningGameFromScenario({
  generalist: { cost: "exp(a0) - 1" },
  specialists: [{ name: "D", cost: "1.3*(a-a0)^2", revenue: "log(1+a)" }],
});
for (const certify of [true, false]) {
  const b = bench(`certify ${certify}`, () => solveFineTuning(game, { certify }), { minRuns: 10 });
  console.log(
    `  certify: ${String(certify).padEnd(5)} ${duration(b.median)} per solve (median of ${b.runs})`,
  );
}

const points = quick ? 200 : 1000;
console.log(`\n# ${points}-point sweep of the specialist's cost coefficient c ∈ [0.5, 2], compiled CLI`);
for (const [label, extra] of [
  ["both cores, --no-certify", ["--no-certify"]],
  ["both cores, certificates on", []],
  ["one worker, --no-certify", ["--no-certify", "--workers", "1"]],
] as const) {
  if (quick && label.includes("certificates on")) continue;
  const out = join(dir, `${label.replace(/[^a-z]+/g, "-")}.csv`);
  const r = time(["sweep", file, "--vary", `c=0.5:2:${points}`, "--out", out, "--no-progress", ...extra]);
  const rows = readFileSync(out, "utf8").trim().split("\n").length - 1;
  const ok = label.startsWith("both cores, --no")
    ? r.seconds < 10
      ? " (< 10 s target: ok)"
      : " (OVER the 10 s target)"
    : "";
  console.log(`  ${label.padEnd(30)} ${r.seconds.toFixed(2)} s for ${rows} rows${ok}`);
}

if (!quick) {
  console.log("\n# full reproduction (every figure, CSV/JSON/SVG/PNG, index.html)");
  const r = time(["reproduce", "--out", join(dir, "reproduction")]);
  console.log(
    `  ${r.seconds.toFixed(1)} s ${r.seconds < 120 ? "(< 2 min target: ok)" : "(OVER the 2 min target)"}`,
  );
  console.log(`  ${r.stdout.trim().split("\n")[0]}`);
}
console.log(`load average (1 min) at end: ${loadavg()[0]!.toFixed(2)}`);
