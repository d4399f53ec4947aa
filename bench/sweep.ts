/**
 * Sweeps and the reproduction: wall-clock timings of the compiled command line (build first:
 * `npm run build`). Targets (issue 7): a 1,000-point sweep of a general-expression fine-tuning
 * game in under 10 s on both cores; the full `ftg reproduce` (no real training) in under 2 minutes.
 * First, start-up: wall and CPU seconds of `ftg --help` and of processes that only import the
 * built core or the libraries every sweep worker would otherwise load (each run 3 times, median).
 * Run: `node --import tsx bench/sweep.ts` (add `--quick` for a 200-point sweep and no reproduce).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
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
// reports the process's CPU time (every thread, start-up included) on stderr as it exits
const cpuReport = join(dir, "cpu-report.mjs");
writeFileSync(
  cpuReport,
  'process.on("exit", () => { const u = process.cpuUsage(); process.stderr.write("\\ncpu-us " + (u.user + u.system) + "\\n"); });\n',
);

function time(args: string[]): { seconds: number; stdout: string } {
  const t = performance.now();
  const r = spawnSync(process.execPath, [ftg, ...args], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`ftg ${args.join(" ")} failed: ${r.stderr}`);
  return { seconds: (performance.now() - t) / 1000, stdout: r.stdout };
}

/** Median wall and CPU seconds of `node <args>` run from the repository's root, over 3 runs. */
function startup(args: string[]): { wall: number; cpu: number } {
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, ["--import", pathToFileURL(cpuReport).href, ...args], {
      encoding: "utf8",
      cwd: join(here, ".."),
    });
    walls.push((performance.now() - t) / 1000);
    const cpu = /cpu-us (\d+)/.exec(r.stderr);
    if (r.status !== 0 || cpu === null) throw new Error(`node ${args.join(" ")} failed: ${r.stderr}`);
    cpus.push(Number(cpu[1]) / 1e6);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]!;
  return { wall: median(walls), cpu: median(cpus) };
}

console.log(`cores: ${availableParallelism()}, load average (1 min) at start: ${loadavg()[0]!.toFixed(2)}`);
console.log("# start-up of one process (median of 3): wall / CPU seconds");
const imports = (...modules: string[]) => [
  "--input-type=module",
  "-e",
  modules.map((m) => `await import(${JSON.stringify(m)});`).join(" "),
];
for (const [label, args] of [
  ["node (nothing imported)", ["-e", ""]],
  ["ftg --help (compiled CLI)", [ftg, "--help"]],
  ["import @ftg/core (built)", imports("@ftg/core")],
  ["import mathjs, single-file bundle", imports("mathjs/lib/browser/math.js")],
  ["import mathjs, ES modules", imports("mathjs")],
  ["import vega, vega-lite, resvg, bullmq", imports("vega", "vega-lite", "@resvg/resvg-js", "bullmq")],
] as const) {
  const s = startup([...args]);
  console.log(`  ${label.padEnd(40)} ${s.wall.toFixed(2)} s / ${s.cpu.toFixed(2)} s`);
}
console.log("");
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
