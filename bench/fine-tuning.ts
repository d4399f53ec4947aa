/**
 * Fine-tuning game benchmarks (issues 2 and 3): full solves (Pareto set + all solutions) of a
 * quadratic game, a k = 3 polynomial game and a general expression game; δ accuracy of each path;
 * n = 1,000 and 10,000 specialists with fixed costs.
 * Run: npm run bench -- fine-tuning
 */
import {
  egalitarianQuadratic,
  type FineTuningGame,
  fineTuningGameFromScenario,
  linearRevenue,
  polyCost0,
  polyCost1,
  solveFineTuning,
  specialistResponseNumeric,
  verticalMonopolyQuadratic,
} from "@ftg/core";
import { allocatedPerCall, bench, duration, report } from "./harness.js";

const scenario = (generalist: string, specialists: { cost: string; revenue?: string }[]) =>
  fineTuningGameFromScenario({ generalist: { cost: generalist }, specialists });

const quadratic = scenario("a0^2", [{ cost: "2*(a-a0)^2" }]);
const cubic = scenario("a0^3", [{ cost: "2*(a-a0)^3" }]);
const general = scenario("exp(a0) - 1", [{ cost: "(a-a0)^2", revenue: "log(1+a)" }]);

// the machine's scalar speed, to compare figures across machines (docs/fine-tuning.md cites it)
{
  const t = performance.now();
  let x = 0;
  for (let i = 0; i < 1e8; i++) x += Math.sqrt(i);
  console.log(
    `scale: 1e8 Math.sqrt additions in ${((performance.now() - t) / 1000).toFixed(2)} s (${x > 0 ? "ok" : ""})`,
  );
}
console.log("Fine-tuning game — full solve (Pareto set + 7 solutions)");
report(
  bench("quadratic, closed-form path, no certificates", () => solveFineTuning(quadratic, { certify: false })),
  0.05,
);
report(bench("quadratic, closed-form path, with certificates", () => solveFineTuning(quadratic)));
report(
  bench("polynomial k = 3, closed-form path, no certificates", () =>
    solveFineTuning(cubic, { certify: false }),
  ),
);
report(
  bench("quadratic, generic exact path (polynomial), no certificates", () =>
    solveFineTuning(quadratic, { path: "polynomial", certify: false }),
  ),
);
report(
  bench(
    "general r = log(1+a), φ0 = exp(a0)−1, numeric, no certificates",
    () => solveFineTuning(general, { certify: false }),
    { minRuns: 5 },
  ),
  5,
);
report(bench("general, numeric, with certificates", () => solveFineTuning(general), { minRuns: 5 }));
report(
  bench(
    "general, numeric, no certificates, G's initial grid 24 intervals",
    () => solveFineTuning(general, { certify: false, alpha0Grid: 24 }),
    { minRuns: 5 },
  ),
);
{
  // the numeric path's inner loop, and what a solve allocates (docs/fine-tuning.md cites both)
  const s = general.specialists[0]!;
  const respond = (i: number) => specialistResponseNumeric(s, 0.1 + (i % 100) * 0.003, 0.4);
  let i = 0;
  report(bench("  one specialist best response (numeric)", () => respond(i++)));
  const perResponse = await allocatedPerCall(() => respond(i++), 20_000);
  const perSolve = await allocatedPerCall(() => solveFineTuning(general, { certify: false }), 50);
  console.log(
    `  allocated: ${(perResponse / 1024).toFixed(2)} KB per best response, ${(perSolve / 1024).toFixed(0)} KB per general solve (sampling heap profiler)`,
  );
}

console.log(
  "\nδ accuracy against the closed forms (c0 = 1, c1 = 2; largest error over the solutions with closed forms)",
);
const exact = {
  utilitarian: verticalMonopolyQuadratic(1, 2),
  egalitarian: egalitarianQuadratic(1, 2),
  "powerful-D": 1 / 3,
  "powerful-G": 1,
};
for (const path of ["closed-form", "polynomial", "numeric"] as const) {
  const game = path === "numeric" ? scenario("a0^2", [{ cost: "2*(a-a0)^2" }]) : quadratic;
  const r = solveFineTuning(game, { path, certify: false });
  const err = Math.max(
    ...Object.entries(exact).map(([id, d]) => Math.abs(r.solutions[id as "utilitarian"]!.delta! - d)),
  );
  console.log(`  ${path.padEnd(12)} max |δ − δ*| = ${err.toExponential(2)}`);
}

function manySpecialists(n: number): FineTuningGame {
  // deterministic spread of marginal and fixed costs (a low-discrepancy sequence, no randomness)
  const specialists = Array.from({ length: n }, (_, i) => {
    const u = (i * 0.6180339887498949) % 1;
    const v = (i * 0.7548776662466927) % 1;
    return {
      name: `D${i + 1}`,
      cost: polyCost1(0.5 + 2 * u, 2, 0.05 * v),
      revenue: linearRevenue(1),
      disagreement: 0,
    };
  });
  return { generalist: { cost: polyCost0(n, 2), disagreement: 0 }, specialists };
}

console.log("\nMany specialists with fixed costs (polynomial path), full solve");
for (const n of [100, 1000, 10_000]) {
  const game = manySpecialists(n);
  const before = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const r = solveFineTuning(game, { certify: false });
  const t = performance.now() - t0;
  const mem = (process.memoryUsage().heapUsed - before) / 2 ** 20;
  const target = n === 1000 ? 1000 : n === 10_000 ? 15_000 : undefined;
  const verdict =
    target === undefined
      ? ""
      : t <= target
        ? `  (target ${duration(target)}: met)`
        : `  (target ${duration(target)}: MISSED)`;
  console.log(
    `  n = ${String(n).padStart(6)}: ${duration(t).padStart(9)}, ${r.pareto.length} Pareto interval(s), ${r.certificate.evaluations} equilibria, heap +${mem.toFixed(0)} MiB${verdict}`,
  );
}
