/**
 * Writes failing-cases.json: every random hard-regime scenario (seed and counts of ./hardRegimes.ts,
 * long run) on which `solveFineTuning` disagrees with the reference solver, with the reference's
 * Pareto set and solutions and each discrepancy.
 *   npx tsx packages/core/test/fine-tuning/reference/failingCases.ts [--seed N] [--short]
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { CLASSES } from "./arbitraries.js";
import { compareWithProduct } from "./compare.js";
import { type ClassName, DEFAULT_SEED, RUNS, scenarios } from "./hardRegimes.js";

const args = process.argv.slice(2);
const seedAt = args.indexOf("--seed");
const seed = seedAt >= 0 ? Number(args[seedAt + 1]) : DEFAULT_SEED;
const short = args.includes("--short");
const out = fileURLToPath(new URL("./failing-cases.json", import.meta.url));

const failing: unknown[] = [];
const summary: Record<string, { runs: number; failing: number }> = {};
for (const name of Object.keys(CLASSES) as ClassName[]) {
  const list = scenarios(name, short ? RUNS[name].short : RUNS[name].long, seed);
  summary[name] = { runs: list.length, failing: 0 };
  list.forEach((scenario, index) => {
    const c = compareWithProduct(scenario);
    process.stdout.write(`${name} #${index}: ${c.discrepancies.length === 0 ? "ok" : "FAIL"}\n`);
    if (c.discrepancies.length === 0) return;
    summary[name]!.failing++;
    failing.push({
      class: name,
      index,
      scenario,
      reference: {
        status: c.reference.status,
        pareto: c.reference.pareto,
        parties: c.reference.parties,
        solutions: Object.fromEntries(
          Object.values(c.reference.solutions).map((s) => [
            s.id,
            { delta: s.delta, objective: s.value, ties: s.ties ? s.clusters : [] },
          ]),
        ),
      },
      discrepancies: c.discrepancies,
    });
  });
}
writeFileSync(out, `${JSON.stringify({ seed, summary, failing }, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(summary)}\n`);
