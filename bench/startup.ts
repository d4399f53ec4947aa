/**
 * Start-up of the compiled command line, as ratios to a bare Node start (`node -e 0`) measured in
 * the same rounds, so that the machine's load cancels out. Targets: `ftg --help` within 2.5× and
 * `ftg solve` (the built-in scenario) within 3.5× of a bare Node start. Also: a JSON scenario
 * with expressions (loads the expression parser), `--version`, and `npx ftg --help` (npm's own
 * start-up, which the README's recommended `node_modules/.bin/ftg` avoids).
 * Then the browser bundle of the README's library example (esbuild, minified), by package.
 * Run: `node --import tsx bench/startup.ts` (build first: `npm run build`).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildSync } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const ftg = join(root, "packages", "cli", "bin", "ftg.js");
const dir = mkdtempSync(join(tmpdir(), "ftg-bench-startup-"));
const expressions = join(dir, "expressions.json");
writeFileSync(
  expressions,
  JSON.stringify({
    generalist: { cost: "a0^2" },
    specialists: [{ cost: "2*(a-a0)^2", revenue: "log(1+a)" }],
  }),
);
/** Rounds of every command; each round runs them one after another, so load hits all alike. */
const ROUNDS = 15;

interface Case {
  readonly label: string;
  readonly command: string;
  readonly args: readonly string[];
  /** Largest acceptable median ratio to `node -e 0`, where there is a target. */
  readonly target?: number;
}
const cases: readonly Case[] = [
  { label: "node -e 0 (the unit)", command: process.execPath, args: ["-e", "0"] },
  { label: "ftg --help", command: process.execPath, args: [ftg, "--help"], target: 2.5 },
  { label: "ftg --version", command: process.execPath, args: [ftg, "--version"] },
  { label: "ftg solve (built-in scenario)", command: process.execPath, args: [ftg, "solve"], target: 3.5 },
  {
    label: "ftg solve expressions.json (loads mathjs)",
    command: process.execPath,
    args: [ftg, "solve", expressions],
  },
];

function once(c: Case): number {
  const t = performance.now();
  const r = spawnSync(c.command, [...c.args], { cwd: root, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${c.label} failed: ${r.stderr}`);
  return performance.now() - t;
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

const times = cases.map(() => [] as number[]);
for (const c of cases) once(c); // warm the file cache
for (let round = 0; round < ROUNDS; round++) {
  for (const [i, c] of cases.entries()) times[i]!.push(once(c));
}
const unit = median(times[0]!);
console.log(`# start-up, median of ${ROUNDS} interleaved rounds; ratio to node -e 0`);
let missed = 0;
cases.forEach((c, i) => {
  const m = median(times[i]!);
  const ratio = m / unit;
  const verdict =
    c.target === undefined ? "" : `  (target ≤ ${c.target}×: ${ratio <= c.target ? "met" : "MISSED"})`;
  if (c.target !== undefined && ratio > c.target) missed++;
  console.log(`  ${c.label.padEnd(44)} ${m.toFixed(0).padStart(5)} ms  ${ratio.toFixed(2)}×${verdict}`);
});
const npx = median(
  [0, 1, 2].map(() =>
    once({ label: "npx ftg --help", command: "npx", args: ["--no-install", "ftg", "--help"] }),
  ),
);
console.log(
  `  ${"npx ftg --help (npm's start-up added)".padEnd(44)} ${npx.toFixed(0).padStart(5)} ms  ${(npx / unit).toFixed(2)}×`,
);

// The README's library example, bundled for a browser as a user's bundler would (esbuild).
const readme = readFileSync(join(root, "README.md"), "utf8");
const example = /## Library[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)?.[1];
if (example === undefined) throw new Error("README.md: no ```ts block under ## Library");
const entry = join(root, "packages", "core", ".bench-example.tmp.ts");
writeFileSync(entry, example);
let output: { bytes: number; inputs: Record<string, { bytesInOutput: number }> };
try {
  const result = buildSync({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    write: false,
    metafile: true,
    outfile: join(dir, "bundle.js"),
    logLevel: "error",
  });
  output = Object.values(result.metafile.outputs)[0]!;
} finally {
  rmSync(entry);
}
const byPackage = new Map<string, number>();
for (const [file, { bytesInOutput }] of Object.entries(output.inputs)) {
  const inModules = file.split("node_modules/")[1];
  const name =
    inModules === undefined
      ? "@ftg/core"
      : inModules
          .split("/")
          .slice(0, inModules.startsWith("@") ? 2 : 1)
          .join("/");
  byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
}
const kb = (b: number) => `${(b / 1000).toFixed(0)} KB`;
console.log("");
console.log("# browser bundle of the README's library example (esbuild --bundle --minify)");
console.log(`  total ${kb(output.bytes)}`);
for (const [name, bytes] of [...byPackage].sort((a, b) => b[1] - a[1])) {
  console.log(`  ${name.padEnd(20)} ${kb(bytes).padStart(8)}`);
}
rmSync(dir, { recursive: true, force: true });
process.exitCode = missed === 0 ? 0 : 1;
