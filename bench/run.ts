/**
 * Runs the benchmark suite: every bench/*.ts script (except this runner and the harness), each in
 * its own process so that one JIT's state does not colour another's figures. Each script's output
 * is printed as it comes and written, verbatim, to its section of bench/RESULTS.md, headed by when,
 * at which commit and on what machine (CPU, cores, memory, Node, load average) it ran: the figures
 * the docs point to. A filtered run replaces only the sections of the scripts it ran.
 * Usage: npm run bench [-- <name filter>] [--results FILE] [--flag …]; other flags are passed to
 * every script run (e.g. `npm run bench -- openness --full`).
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, arch as osArch, platform, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const args = process.argv.slice(2);
const resultsAt = args.indexOf("--results");
const resultsFile = resultsAt >= 0 ? args[resultsAt + 1]! : join(here, "RESULTS.md");
const filter = args.find((a, i) => !a.startsWith("--") && (resultsAt < 0 || i !== resultsAt + 1));
// every other flag goes to each script (e.g. `npm run bench -- openness --full`)
const passed = args.filter((a, i) => a.startsWith("--") && i !== resultsAt);
const files = readdirSync(here)
  .filter(
    (f) =>
      f.endsWith(".ts") &&
      !["run.ts", "harness.ts"].includes(f) &&
      !f.includes(".tmp.") &&
      !f.startsWith("_"),
  )
  .filter((f) => filter === undefined || f.includes(filter))
  .sort();
// Benchmarks measure what users run: the packages as built (`@ftg/*` resolves to dist/), not the
// sources through tsx, whose keep-names transform adds a property definition to every closure
// created (a general fine-tuning solve takes 2.5x as long from the sources).
const build = spawnSync("npm", ["run", "build"], { stdio: "inherit", cwd: root });
if (build.status !== 0) {
  console.error("npm run build failed: benchmarks measure the built packages");
  process.exit(1);
}

function git(...a: string[]): string {
  try {
    return execFileSync("git", a, {
      cwd: root,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  } catch {
    return "";
  }
}

const commit = git("rev-parse", "--short=12", "HEAD") || "unknown";
const dirty = git("status", "--porcelain", "--untracked-files=no") !== "";
const cpu = cpus()[0]?.model.trim() ?? "unknown CPU";
const machine = `${cpu}, ${availableParallelism()} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, ${platform()} ${osArch()}`;
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(" / ");

/** Runs one script, printing its stdout as it comes; resolves with that output and the exit code. */
function runScript(f: string): Promise<{ out: string; code: number | null; seconds: number }> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", join(here, f), ...passed], {
      stdio: ["inherit", "pipe", "inherit"],
    });
    const chunks: Buffer[] = [];
    child.stdout.on("data", (d: Buffer) => {
      chunks.push(d);
      process.stdout.write(d);
    });
    child.on("close", (code) =>
      resolve({
        out: Buffer.concat(chunks).toString("utf8"),
        code,
        seconds: (performance.now() - t0) / 1000,
      }),
    );
  });
}

const HEAD = `# Benchmark results

Written by \`npm run bench\` (bench/run.ts): do not edit by hand. Each section is the output of one
bench script, verbatim, under the date, commit and machine it ran on, with the load average (1, 5
and 15 minutes) when it started: figures from a busy machine are noisy, compare them with the
machine-scale line or the ratios the script prints. \`npm run bench -- NAME\` re-runs the scripts
whose name contains NAME and replaces only their sections.
`;

const EMPTY =
  "No script has run here yet: `npm run bench` writes its figures below, and they are meant to\n" +
  "come from an idle machine (the documentation points here for every timing).\n";

/** The sections of an existing results file, by script name. */
function sections(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const parts = text.split(/^(?=## \S+\.ts$)/m).slice(1);
  for (const p of parts) out.set(p.slice(3, p.indexOf("\n")).trim(), p.trimEnd());
  return out;
}

const kept = existsSync(resultsFile)
  ? sections(readFileSync(resultsFile, "utf8"))
  : new Map<string, string>();
const scripts = new Set(
  readdirSync(here).filter((f) => f.endsWith(".ts") && !["run.ts", "harness.ts"].includes(f)),
);
for (const name of kept.keys()) if (!scripts.has(name)) kept.delete(name);

function write(): void {
  const body = [...kept.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, s]) => s)
    .join("\n\n");
  writeFileSync(resultsFile, `${HEAD}\n${body === "" ? EMPTY : `${body}\n`}`);
}

let failed = 0;
for (const f of files) {
  console.log(`\n━━━ ${f} ━━━`);
  const date = new Date().toISOString().replace(/\.\d+Z$/, "Z");
  const loadAtStart = load();
  const r = await runScript(f);
  if (r.code !== 0) failed++;
  const fence = r.out.includes("```") ? "````" : "```";
  kept.set(
    f,
    [
      `## ${f}`,
      "",
      `- ran ${date} at commit ${commit}${dirty ? " (with uncommitted changes)" : ""}, ${r.seconds.toFixed(1)} s, exit code ${r.code}`,
      `- machine: ${machine}; load average ${loadAtStart}`,
      "",
      `${fence}text`,
      r.out.replace(/\s+$/, ""),
      fence,
    ].join("\n"),
  );
  write();
}
console.log(`\nresults: ${resultsFile}`);
process.exitCode = failed === 0 ? 0 : 1;
