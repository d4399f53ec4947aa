import { describe, expect, it } from "vitest";
import {
  checkFineTuningAnswer,
  dominates,
  equilibrium,
  type FineTuningGame,
  fineTuningGameFromScenario,
  readFineTuningAnswer,
  solutionList,
  solveFineTuning,
} from "../../src/index.js";
import { twelveSpecialists } from "./games.js";

const ids = [
  "nash",
  "kalai-smorodinsky",
  "egalitarian",
  "utilitarian",
  "max-performance",
  "powerful-G",
] as const;

function game(
  specialists: { name?: string; cost: string; revenue?: string; disagreement?: number }[],
): FineTuningGame {
  return fineTuningGameFromScenario({ generalist: { cost: "a0^2" }, specialists });
}

describe("the n-specialist fine-tuning game (Section 4)", () => {
  it("puts a powerful-P solution at the edge of the Pareto set exactly on the endpoint", () => {
    // D9's utility peaks ~1e-9 left of the Pareto set's lower end: its maximum on the set is
    // that end (Theorem 2.1's endpoints are powerful-player solutions), not a point 6e-11 inside
    const twelve = twelveSpecialists();
    const r = solveFineTuning(twelve, { certify: false });
    expect(r.solutions["powerful-D9"]!.delta).toBe(r.pareto[0]![0]);
    expect(r.solutions["powerful-G"]!.delta).toBe(r.pareto[r.pareto.length - 1]![1]);
  });

  it("reduces exactly to the one-specialist results when n = 1", () => {
    const one = game([{ cost: "2*(a-a0)^2" }]);
    const cf = solveFineTuning(one, { method: "closed-form", certify: false });
    const general = solveFineTuning(one, { method: "polynomial", certify: false });
    expect(general.pareto.length).toBe(1);
    for (const id of [...ids, "powerful-D"] as const) {
      expect(Math.abs(general.solutions[id]!.delta! - cf.solutions[id]!.delta!), id).toBeLessThan(1e-7);
    }
  });

  it("names specialists D1…Dn by default and keys every output by name", () => {
    const r = solveFineTuning(game([{ cost: "(a-a0)^2" }, { cost: "2*(a-a0)^2" }, { cost: "3*(a-a0)^2" }]), {
      certify: false,
    });
    expect(r.players).toEqual(["G", "D1", "D2", "D3"]);
    expect(Object.keys(r.solutions.nash.alphas)).toEqual(["D1", "D2", "D3"]);
    expect(Object.keys(r.solutions).filter((k) => k.startsWith("powerful-"))).toEqual([
      "powerful-G",
      "powerful-D1",
      "powerful-D2",
      "powerful-D3",
    ]);
  });

  it("symmetric specialists get symmetric outcomes", () => {
    const r = solveFineTuning(game([{ cost: "0.05 + (a-a0)^2" }, { cost: "0.05 + (a-a0)^2" }]), {
      certify: false,
    });
    for (const id of ids) {
      const s = r.solutions[id]!;
      expect(s.alphas["D1"]).toBe(s.alphas["D2"]);
      expect(s.utilities["D1"]).toBe(s.utilities["D2"]);
      expect(s.regimes["D1"]).toBe(s.regimes["D2"]);
    }
    expect(r.solutions["powerful-D1"]!.delta).toBe(r.solutions["powerful-D2"]!.delta);
  });

  it("adding a specialist who abstains everywhere changes nothing", () => {
    const base = solveFineTuning(game([{ cost: "(a-a0)^2" }, { cost: "0.02 + 2*(a-a0)^2" }]), {
      certify: false,
    });
    const more = solveFineTuning(
      game([{ cost: "(a-a0)^2" }, { cost: "0.02 + 2*(a-a0)^2" }, { name: "X", cost: "50 + (a-a0)^2" }]),
      { certify: false },
    );
    expect(more.pareto.length).toBe(base.pareto.length);
    more.pareto.forEach(([lo, hi], i) => {
      expect(lo).toBeCloseTo(base.pareto[i]![0], 9);
      expect(hi).toBeCloseTo(base.pareto[i]![1], 9);
    });
    for (const id of ids) {
      expect(more.solutions[id]!.delta!).toBeCloseTo(base.solutions[id]!.delta!, 9);
      expect(more.solutions[id]!.regimes["X"]).toBe("abstainer");
    }
    expect(more.parties).not.toContain("X");
  });

  describe("a Pareto set of two disjoint pieces (participation changing with δ)", () => {
    // D1 has a fixed cost: above δ ≈ 0.9693 G must over-invest to keep it in, which moves D2's
    // utility too; those δ are dominated until G's own peak, an isolated Pareto-optimal point.
    const g = game([
      { name: "D1", cost: "0.03 + (a-a0)^2" },
      { name: "D2", cost: "(a-a0)^2" },
    ]);
    const r = solveFineTuning(g, { certify: false });
    // the brute-force oracle: a dense grid plus the reported points (G's isolated peak is not on any grid)
    const dense = [
      ...Array.from({ length: 4001 }, (_, i) => i / 4000),
      ...r.pareto.flat(),
      ...solutionList(r.solutions).map((s) => s.delta!),
    ]
      .map((d) => equilibrium(g, d))
      .filter((e) => e.agreement);
    const dominated = (d: number) => {
      const e = equilibrium(g, d);
      return dense.some((q) => dominates(q.utilities, e.utilities, 1e-10));
    };

    it("is reported as two disjoint closed intervals", () => {
      expect(r.pareto.length).toBe(2);
      expect(r.pareto[0]![1]).toBeLessThan(r.pareto[1]![0]);
      expect(r.pareto[0]![0]).toBeCloseTo(1 / 3, 7);
    });

    it("each reported interval's points are not dominated by any δ of a dense grid", () => {
      for (const [lo, hi] of r.pareto) {
        for (let k = 0; k <= 20; k++) {
          // stay inside by 1e-7: the endpoints are limits (the set need not be closed)
          const d = lo + 1e-7 + ((hi - lo - 2e-7) * k) / 20;
          if (d <= hi) expect(dominated(d), `δ = ${d}`).toBe(false);
        }
      }
    });

    it("every point of the gap is dominated", () => {
      const a = r.pareto[0]![1];
      const b = r.pareto[1]![0];
      for (let k = 1; k < 20; k++)
        expect(dominated(a + ((b - a) * k) / 20), `δ = ${a + ((b - a) * k) / 20}`).toBe(true);
    });

    it("the numeric path finds the same pieces", () => {
      const n = solveFineTuning(g, { method: "numeric", certify: false });
      expect(n.pareto.length).toBe(2);
      n.pareto.forEach(([lo, hi], i) => {
        expect(Math.abs(lo - r.pareto[i]![0])).toBeLessThan(1e-5);
        expect(Math.abs(hi - r.pareto[i]![1])).toBeLessThan(1e-5);
      });
    });
  });

  it("with more maxima than are refined one by one, still puts a Pareto endpoint at G's peak", () => {
    // 100 specialists with fixed costs: 234 interior utility maxima, located by subdivision; the
    // upper endpoint is G's maximum (beyond it everyone loses), refined where it matters
    const specialists = Array.from({ length: 100 }, (_, i) => ({
      name: `S${i}`,
      cost: `${0.01 * (i % 5)} + ${1 + (i % 7) * 0.3}*(a-a0)^2`,
    }));
    const g = fineTuningGameFromScenario({ generalist: { cost: "100*a0^2" }, specialists });
    // (the scalable path of very many players, asked for at 101)
    const r = solveFineTuning(g, { certify: false, bargaining: { fullChecksMaxPlayers: 64 } });
    expect(r.warnings.some((w) => w.includes("subdividing"))).toBe(true);
    const peak = r.solutions["powerful-G"].delta!;
    expect(r.pareto.length).toBe(1);
    // (before: 0.91768973, a subdivision sample 1.1e-4 past the peak, whose δ all players prefer less)
    expect(Math.abs(r.pareto[0]![1] - peak)).toBeLessThan(1e-7);
    const beyond = equilibrium(g, r.pareto[0]![1] + 1e-5);
    const at = equilibrium(g, peak);
    expect(dominates(at.utilities, beyond.utilities, 1e-12)).toBe(true);
  });

  it("certifies games above the limit of full checks when asked, and says why it does not otherwise", () => {
    // 80 specialists with spread marginal and fixed costs (81 players); the polynomial path's
    // default limit is 1,000 specialists, lowered here to the generic solver's 64 players
    const specialists = Array.from({ length: 80 }, (_, i) => ({
      name: `S${i}`,
      cost: `${(0.05 * ((i * 0.7548776662466927) % 1)).toFixed(6)} + ${(0.5 + 2 * ((i * 0.6180339887498949) % 1)).toFixed(6)}*(a-a0)^2`,
    }));
    const g = fineTuningGameFromScenario({ generalist: { cost: "80*a0^2" }, specialists });
    const quick = solveFineTuning(g, { bargaining: { fullChecksMaxPlayers: 64 } });
    expect(quick.certificate.certified).toBe(false);
    expect(quick.warnings.some((w) => w.includes("more than fullChecksMaxPlayers (64)"))).toBe(true);
    const full = solveFineTuning(g);
    expect(full.certificate.bargaining!.closeCallsChecked).toBe(true);
    expect(full.certificate.certified).toBe(true);
    expect(full.warnings.some((w) => w.includes("fullChecksMaxPlayers"))).toBe(false);
    // the independent checker agrees with the certified answer
    const answer = readFineTuningAnswer(g, JSON.parse(JSON.stringify(full)));
    const check = checkFineTuningAnswer(g, answer);
    expect(check.items.filter((i) => !i.holds).map((i) => i.kind)).toEqual([]);
  });
});
