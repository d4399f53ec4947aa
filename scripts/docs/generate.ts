/**
 * Writes the generated reference (scenario JSON Schemas, CLI reference, output formats) into
 * docs/reference/, or with --check lists the files that are out of date and exits 1.
 * Usage: npm run docs:generate [-- --check]   (runs the built CLI: `npm run build` first)
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { REPO, referenceFiles } from "./reference.js";

const check = process.argv.includes("--check");
const stale: string[] = [];
for (const { path, content } of referenceFiles()) {
  const abs = join(REPO, path);
  const current = existsSync(abs) ? readFileSync(abs, "utf8") : null;
  if (current === content) continue;
  if (check) {
    stale.push(path);
  } else {
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, content);
    console.log(`wrote ${path}`);
  }
}
if (check && stale.length > 0) {
  console.error(`out of date (run npm run docs:generate): ${stale.join(", ")}`);
  process.exit(1);
}
