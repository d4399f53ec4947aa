import { describe, expect, it } from "vitest";
import { concaveDeviationBound } from "../../src/fine-tuning/certificate.js";
import {
  assemble,
  certifyEquilibrium,
  type Equilibrium,
  equilibrium,
  type FineTuningGame,
  fineTuningGameFromScenario,
  generalistValue,
} from "../../src/index.js";
import { rng } from "../seeded.js";

const games: [string, FineTuningGame, number][] = [
  [
    "quadratic, one specialist",
    fineTuningGameFromScenario({ generalist: { cost: "a0^2" }, specialists: [{ cost: "2*(a-a0)^2" }] }),
    0.6,
  ],
  [
    "two specialists, a fixed cost and an outside option",
    fineTuningGameFromScenario({
      generalist: { cost: { polynomial: { c: 1.2, k: 2.5 } } },
      specialists: [
        { cost: "0.05 + (a-a0)^2" },
        { cost: { polynomial: { c: 1.7, k: 2 } }, disagreement: 0.02 },
      ],
    }),
    0.45,
  ],
  [
    "numeric: log revenue, exponential generalist cost",
    fineTuningGameFromScenario({
      generalist: { cost: "exp(a0) - 1 + 0.2*a0^2" },
      specialists: [{ cost: "(a-a0)^2", revenue: "2*log(1+a)" }],
    }),
    0.5,
  ],
];

/** The outcome when G plays α0 + h and every specialist best-responds to that. */
function gDeviates(game: FineTuningGame, eq: Equilibrium, h: number): Equilibrium {
  const a0 = eq.alpha0! + h;
  return assemble(
    game,
    eq.delta,
    a0,
    generalistValue(game, a0, eq.delta, eq.method),
    eq.method,
    {},
    "interior",
  );
}

/** The outcome when specialist i plays α_i + h (its utility recomputed), the rest unchanged. */
function specialistDeviates(game: FineTuningGame, eq: Equilibrium, i: number, h: number): Equilibrium {
  const s = game.specialists[i]!;
  const alphas = [...eq.alphas];
  const a = alphas[i]! + h;
  alphas[i] = a;
  const utilities = Float64Array.from(eq.utilities);
  utilities[i + 1] = (1 - eq.delta) * s.revenue.value(a) - s.cost.value(a, eq.alpha0!);
  return { ...eq, alphas, utilities };
}

/** The second game in units of λ: every cost, fixed cost, revenue and outside option times λ. */
function inUnits(lambda: number): FineTuningGame {
  return fineTuningGameFromScenario({
    generalist: { cost: { polynomial: { c: 1.2 * lambda, k: 2.5 } } },
    specialists: [
      { cost: { polynomial: { c: lambda, k: 2, fixed: 0.05 * lambda } }, revenue: `${lambda}*a` },
      {
        cost: { polynomial: { c: 1.7 * lambda, k: 2 } },
        revenue: `${lambda}*a`,
        disagreement: 0.02 * lambda,
      },
    ],
  });
}

describe("equilibrium certificates in other units of utility (the same equilibria)", () => {
  // tolerances floored at 1 let a specialist's α 1e-3 off its optimum pass in units of 1e-6, and
  // failed correct answers in units of 1e6 (rounding of terms a million times larger)
  for (const lambda of [1e-9, 1e-6, 1e6, 1e9]) {
    it(`× ${lambda}: the equilibrium passes, and α0 or a specialist's α moved by ±1e-3 fails`, () => {
      const game = inUnits(lambda);
      const eq = equilibrium(game, 0.45);
      expect(certifyEquilibrium(game, eq).holds).toBe(true);
      for (const h of [1e-3, -1e-3]) {
        expect(certifyEquilibrium(game, gDeviates(game, eq, h)).holds).toBe(false);
        for (let i = 0; i < game.specialists.length; i++) {
          if (eq.alphas[i] === null) continue;
          expect(certifyEquilibrium(game, specialistDeviates(game, eq, i, h)).holds).toBe(false);
        }
      }
    });
  }
});

describe("a specialist's first-order residual at the precision of its α", () => {
  it("passes a contribution below an ulp of α (cost exponent near 1), and fails α moved by 1e-3", () => {
    // x = ((1 − δ)·s/(k·c))^{1/(k−1)}: exponent 20 for k = 1.05, so x ~ 1e-21 to 1e-15, at or below
    // an ulp of α = α0 + x, where c·k·x^{k−1} jumps between neighbouring doubles
    for (const c of [3, 4, 5, 6]) {
      const game = fineTuningGameFromScenario({
        generalist: { cost: { polynomial: { c: 1, k: 2 } } },
        specialists: [{ cost: { polynomial: { c: 1.5, k: 2 } } }, { cost: { polynomial: { c, k: 1.05 } } }],
      });
      for (const delta of [0.3, 0.5, 0.7]) {
        const eq = equilibrium(game, delta);
        expect(eq.alphas[1]! - eq.alpha0!).toBeLessThan(1e-12);
        const cert = certifyEquilibrium(game, eq);
        expect(cert.holds, `c = ${c}, δ = ${delta}: ${JSON.stringify(cert.specialists)}`).toBe(true);
        expect(certifyEquilibrium(game, specialistDeviates(game, eq, 1, 1e-3)).holds).toBe(false);
      }
    }
  });
});

describe("equilibrium certificates fail when the answer is perturbed", () => {
  it.each(games)("%s: the equilibrium itself passes", (_name, game, delta) => {
    const eq = equilibrium(game, delta);
    expect(eq.agreement).toBe(true);
    const c = certifyEquilibrium(game, eq);
    expect(c.holds).toBe(true);
    expect(c.maxDeviationGain).toBeLessThanOrEqual(1e-9);
  });

  it.each(games)("%s: G's α0 moved by ±1e-3 fails", (_name, game, delta) => {
    const eq = equilibrium(game, delta);
    for (const h of [1e-3, -1e-3]) {
      if (eq.alpha0! + h < 0) continue;
      const c = certifyEquilibrium(game, gDeviates(game, eq, h));
      expect(c.holds).toBe(false);
      expect(c.generalist.deviationGain).toBeGreaterThan(1e-9);
    }
  });

  it.each(games)("%s: a specialist's α moved by ±1e-3 fails", (_name, game, delta) => {
    const eq = equilibrium(game, delta);
    for (let i = 0; i < game.specialists.length; i++) {
      if (eq.alphas[i] === null) continue;
      for (const h of [1e-3, -1e-3]) {
        const c = certifyEquilibrium(game, specialistDeviates(game, eq, i, h));
        expect(c.holds).toBe(false);
        expect(c.specialists[i]!.deviationGain).toBeGreaterThan(1e-9);
        expect(Math.abs(c.specialists[i]!.focResidual ?? 0)).toBeGreaterThan(1e-5);
      }
    }
  });

  it("a claim that G stays out where entering pays fails", () => {
    const [, game, delta] = games[0]!;
    const eq = equilibrium(game, delta);
    const out: Equilibrium = {
      ...eq,
      agreement: false,
      alpha0: null,
      alphas: [null],
      utilities: Float64Array.from([0, 0]),
      regimes: ["abstainer"],
      revenue: 0,
      choice: "out",
      signature: "out",
    };
    expect(certifyEquilibrium(game, out).holds).toBe(false);
  });

  it("a claim that G stays out where it must (a fixed cost above everything it can earn) passes", () => {
    const game = fineTuningGameFromScenario({
      generalist: { cost: { polynomial: { c: 1, k: 2, fixed: 0.5 } } },
      specialists: [{ cost: "2*(a-a0)^2" }],
    });
    const eq = equilibrium(game, 0.6);
    expect(eq.agreement).toBe(false);
    expect(certifyEquilibrium(game, eq).holds).toBe(true);
  });
});

describe("concave deviation bound (polynomial specialists)", () => {
  it("bounds a dense search from above, and by no more than the certificate's tolerance", () => {
    const rand = rng(11);
    for (let trial = 0; trial < 300; trial++) {
      const share = trial % 17 === 0 ? 0 : rand();
      const slope = 0.1 + 3 * rand();
      const cost = { c: 0.05 + 4 * rand(), k: 1.3 + 3 * rand(), fixed: 0.1 * rand() };
      const a0 = 2 * rand();
      const g = (a: number): number =>
        share * slope * a - (cost.fixed + cost.c * Math.max(0, a - a0) ** cost.k);
      const bound = concaveDeviationBound(share, slope, cost, a0);
      expect(bound).toBeDefined();
      // reference: a dense grid over a range well past the maximiser, then golden section
      const x = share > 0 ? ((share * slope) / (cost.k * cost.c)) ** (1 / (cost.k - 1)) : 0;
      const hi = a0 + 4 * x + 1;
      let best = a0;
      for (let j = 0; j <= 20000; j++) {
        const a = a0 + ((hi - a0) * j) / 20000;
        if (g(a) > g(best)) best = a;
      }
      let lo = Math.max(a0, best - (hi - a0) / 20000);
      let up = best + (hi - a0) / 20000;
      for (let s = 0; s < 200; s++) {
        const m1 = lo + (up - lo) * 0.381966;
        const m2 = up - (up - lo) * 0.381966;
        if (g(m1) < g(m2)) lo = m1;
        else up = m2;
      }
      const ref = Math.max(g(best), g(0.5 * (lo + up)));
      const scale = Math.max(1, Math.abs(ref));
      expect(bound!).toBeGreaterThanOrEqual(ref - 1e-13 * scale);
      expect(bound! - ref).toBeLessThanOrEqual(1e-11 * scale);
    }
  });
  it("declines what it cannot bound (k ≤ 1, c ≤ 0): the global search decides", () => {
    expect(concaveDeviationBound(0.5, 1, { c: 1, k: 1, fixed: 0 }, 0)).toBeUndefined();
    expect(concaveDeviationBound(0.5, 1, { c: 0, k: 2, fixed: 0 }, 0)).toBeUndefined();
  });
});

describe("certificates of many specialists", () => {
  it("reads like an array of records whatever the number of specialists (records made when read above 10,000)", () => {
    const n = 10_050;
    const game: FineTuningGame = fineTuningGameFromScenario({
      generalist: { cost: { polynomial: { c: n / 10, k: 2 } } },
      specialists: Array.from({ length: n }, (_, i) => ({
        cost: { polynomial: { c: 0.5 + (i % 7) / 3, k: 2, fixed: (i % 5) / 100 } },
      })),
    });
    const eq = equilibrium(game, 0.4);
    const cert = certifyEquilibrium(game, eq);
    const recs = cert.specialists;
    expect(Array.isArray(recs)).toBe(true);
    expect(recs.length).toBe(n);
    const plain = Array.from({ length: n }, (_, i) => recs[i]!);
    expect([...recs]).toEqual(plain);
    expect(JSON.parse(JSON.stringify(recs))).toEqual(JSON.parse(JSON.stringify(plain)));
    expect(recs.map((r) => r.deviationGain)).toEqual(plain.map((r) => r.deviationGain));
    expect(recs.every((r) => r.checkedPoints > 0)).toBe(true);
    expect(Math.max(cert.generalist.deviationGain, ...plain.map((r) => r.deviationGain))).toBe(
      cert.maxDeviationGain,
    );
    expect(recs[n]).toBeUndefined();
    expect(cert.holds).toBe(true);
  });
});

describe("G's first-order residual", () => {
  // G's cost c0·α0^k0 with k0 < 2 curves without bound near 0: a central difference of U_G over
  // a step not small beside α0 measured that curvature (up to 3e-5 here, above the tolerance), not
  // a failure of the first-order condition
  it("is G's revenue slope less its cost's derivative, not a central difference's truncation, at a small interior α0", () => {
    const rand = rng(20261207);
    for (let t = 0; t < 20; t++) {
      const k0 = 1.2 + 0.7 * rand();
      const sD = 0.5 + rand();
      // G's choice from its direct channel alone would be (sD / (c0·k0))^(1/(k0 − 1)): 2e-5 to 5e-4
      const target = 10 ** (-4.7 + 1.4 * rand());
      const c0 = sD / (k0 * target ** (k0 - 1));
      const game = fineTuningGameFromScenario({
        generalist: {
          cost: { polynomial: { c: c0, k: k0 } },
          direct: { cost: "(a-a0)^2", revenue: `${sD}*a` },
        },
        specialists: [{ cost: "2*(a-a0)^2" }],
      });
      for (const delta of [0.2, 0.5]) {
        const eq = equilibrium(game, delta);
        const cert = certifyEquilibrium(game, eq);
        expect(eq.choice).toBe("interior");
        expect(eq.alpha0!).toBeLessThan(1e-2);
        expect(Math.abs(cert.generalist.focResidual ?? 0)).toBeLessThan(1e-9);
        expect(cert.holds).toBe(true);
      }
    }
  });
});
