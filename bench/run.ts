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
  .filter((f) => f.endsWith(".ts") && !["run.ts", "harness.ts"].includes(f) && !f.includes(".tmp."))
  .filter((f) => filter === undefined || f.includes(filter))
  .sort();
let failed = 0;
for (const f of files) {
  console.log(`\n━━━ ${f} ━━━`);
  const r = spawnSync(process.execPath, ["--conditions=source", "--import", "tsx", join(here, f)], {
    stdio: "inherit",
  });
  if (r.status !== 0) failed++;
}
process.exitCode = failed === 0 ? 0 : 1;
