/**
 * Runs the benchmark suite: every bench/*.ts script (except this runner and the harness), each in
 * its own process so that one JIT's state does not colour another's figures.
 * Usage: npm run bench [-- <name filter>]
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2];
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
// created (measured: a general fine-tuning solve took 2.5x as long from the sources).
const build = spawnSync("npm", ["run", "build"], { stdio: "inherit", cwd: join(here, "..") });
if (build.status !== 0) {
  console.error("npm run build failed: benchmarks measure the built packages");
  process.exit(1);
}
let failed = 0;
for (const f of files) {
  console.log(`\n━━━ ${f} ━━━`);
  const r = spawnSync(process.execPath, ["--import", "tsx", join(here, f)], { stdio: "inherit" });
  if (r.status !== 0) failed++;
}
process.exitCode = failed === 0 ? 0 : 1;
