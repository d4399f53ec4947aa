import { describe, expect, it } from "vitest";
import { solveBargaining } from "../../src/bargaining/solve.js";

describe("the 'not worse' slack of dominance is each player's own (bargaining/context.ts)", () => {
  it("a player whose utility is a millionth of another's still counts its small gains", () => {
    // G (scale 1e5) peaks at δ = 0.5; S (scale 0.05) gains 1e-8 over all of δ, ~4e-11 between
    // neighbouring grid samples: below a slack of 8 ulps of G's scale (1.8e-10), far above S's
    // round-off. Past G's peak nobody dominates anybody (G loses, S gains): the Pareto set is
    // [0.5, 1]. A slack relative to G's scale let each sample "dominate" its right neighbour, and
    // the set shrank towards the peak as sampling grew denser.
    const r = solveBargaining({
      players: ["G", "S"],
      disagreement: [0, 0],
      evaluate: (d) => ({
        agreement: true,
        utilities: [1e5 * (1 - (d - 0.5) ** 2), 0.05 + 1e-8 * d],
        revenue: 1,
      }),
    });
    expect(r.pareto.length).toBe(1);
    // (G's gain over δ within 1e-6 below its peak, 1e5·ε², is under the strictness tolerance)
    expect(Math.abs(r.pareto[0]![0] - 0.5)).toBeLessThan(2e-6);
    // (near δ = 1, S's gains fall under its own round-off: its utility is 0.05 + 1e-8·δ in doubles)
    expect(r.pareto[0]![1]).toBeGreaterThan(1 - 1e-6);
    expect(r.certificate.certified).toBe(true);
  });
});
