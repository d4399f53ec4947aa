import { describe, expect, it } from "vitest";
import type { SolveContext } from "../../src/bargaining/context.js";
import { maximise } from "../../src/bargaining/maximise.js";
import { nashObjective } from "../../src/bargaining/objectives.js";
import type { BargainOutcome } from "../../src/bargaining/problem.js";
import { Sampler } from "../../src/bargaining/sampling.js";
import { resolveTolerances } from "../../src/numerics/tolerances.js";

describe("maximising an objective over the samples", () => {
  it("refines from a best sample inside a cluster whose objective differs by round-off alone", () => {
    // 21 samples 1e-13 apart at 0.5013 (as where another player's maximum was refined), a grid
    // cell from the Nash maximum at 0.5025; the utilities carry round-off (5e-14, as a sum over
    // thousands of players does), so inside the cluster the best sample's neighbours both look
    // worse: bracketing the maximum by them alone kept it in the cluster, 1.2e-3 off
    const noise = (d: number) => 5e-14 * Math.sin(1e15 * d + 1);
    const problem = {
      players: ["A", "B"],
      disagreement: [0, 0],
      evaluate: (d: number): BargainOutcome => ({
        agreement: true,
        utilities: [1 - (d - 0.45) ** 2 + noise(d), 1 - (d - 0.555) ** 2 + noise(d + 0.5)],
        revenue: 1,
      }),
    };
    const sampler = new Sampler(problem);
    for (let j = 0; j <= 256; j++) sampler.at(j / 256);
    for (let k = 0; k <= 20; k++) sampler.at(0.5013 + k * 1e-13);
    const pareto = [[0.45, 0.555]] as const;
    const pool = sampler.sorted().filter((s) => s.delta >= 0.45 && s.delta <= 0.555);
    // the cluster's best sample is inside it (the case)
    const f = nashObjective([0, 1], Float64Array.of(0, 0), true);
    const cluster = pool.filter((s) => Math.abs(s.delta - 0.5013) < 1e-11);
    const best = cluster.reduce((a, b) => (f(b.u, 1) > f(a.u, 1) ? b : a));
    expect(best).not.toBe(cluster[0]);
    expect(best).not.toBe(cluster[cluster.length - 1]);
    const ctx: SolveContext<BargainOutcome> = {
      problem,
      sampler,
      tol: resolveTolerances(),
      m: 2,
      md: 2,
      fullChecks: true,
      d: Float64Array.of(0, 0),
      gridSize: 256,
      scale: 1,
      slack: Float64Array.of(0, 0),
      warnings: [],
      refined: [],
      values: new Map(),
    };
    const r = maximise(ctx, { id: "nash", f, pool, restrictToPareto: true, pareto, tieTolerance: 1e-9 });
    // (d − 0.45)/(1 − (d − 0.45)²) = (0.555 − d)/(1 − (0.555 − d)²) at d = 0.5025
    expect(r.delta!).toBeCloseTo(0.5025, 7);
  });
});
