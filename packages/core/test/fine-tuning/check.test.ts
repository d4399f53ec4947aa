/**
 * The answer checker: correct answers pass, and every perturbation of a correct answer — α0 or an
 * α by 1e-3, a solution's δ by 1e-3 (with or without its equilibrium recomputed there), a claimed
 * utility, a Pareto endpoint moved 1e-3 inward or outward — fails it.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generalistPoint } from "../../src/fine-tuning/checkPoint.js";
import {
  AnswerError,
  type CheckKind,
  checkFineTuningAnswer,
  equilibrium,
  equilibriumAt,
  type FineTuningGame,
  fineTuningGameFromScenario,
  generalistValue,
  readFineTuningAnswer,
  solveFineTuning,
} from "../../src/index.js";

// biome-ignore lint/suspicious/noExplicitAny: answers are plain JSON, edited freely by the perturbations
type Json = Record<string, any>;

const SCENARIOS = {
  "the quadratic game of Figure 4": {
    generalist: { cost: "a0^2" },
    specialists: [{ cost: "2*(a-a0)^2" }],
  },
  "two specialists, one with a fixed cost (an isolated Pareto point)": {
    generalist: { cost: "a0^2" },
    specialists: [{ cost: "0.03 + (a-a0)^2" }, { cost: "(a-a0)^2" }],
  },
  "a numeric game with log revenue": {
    generalist: { cost: "a0^2" },
    specialists: [{ cost: "1.5*(a-a0)^2", revenue: "2*log(1+a)" }],
  },
} as const;

const gameOf = (s: unknown): FineTuningGame => fineTuningGameFromScenario(s as never);
const solved = (game: FineTuningGame): Json => JSON.parse(JSON.stringify(solveFineTuning(game)));
const check = (game: FineTuningGame, answer: unknown) =>
  checkFineTuningAnswer(game, readFineTuningAnswer(game, answer));
const failing = (r: ReturnType<typeof check>): CheckKind[] =>
  r.items.filter((i) => !i.holds).map((i) => i.kind);

/** The solver's own equilibrium at δ, in the answer's shape (a consistent claim at a wrong δ). */
const claimAt = (game: FineTuningGame, delta: number): Json => {
  const { agreement: _a, ...eq } = JSON.parse(JSON.stringify(equilibriumAt(game, delta)));
  return eq;
};

interface Perturbation {
  readonly name: string;
  readonly apply: (a: Json, game: FineTuningGame) => void;
  /** A kind of check that must be among the failures. */
  readonly kind: CheckKind;
}

const E = 1e-3;
const perturbations = (answer: Json): Perturbation[] => {
  const first = Object.keys(answer["solutions"].nash.alphas)[0]!;
  const list: Perturbation[] = [
    {
      name: "nash: α0 + 1e-3",
      apply: (a) => {
        a["solutions"].nash.alpha0 += E;
      },
      kind: "deviation",
    },
    {
      name: "nash: α0 − 1e-3",
      apply: (a) => {
        a["solutions"].nash.alpha0 -= E;
      },
      kind: "deviation",
    },
    {
      name: `nash: α(${first}) + 1e-3`,
      apply: (a) => {
        a["solutions"].nash.alphas[first] += E;
      },
      kind: "deviation",
    },
    {
      name: "nash: U(G) + 1e-3",
      apply: (a) => {
        a["solutions"].nash.utilities.G += E;
      },
      kind: "utility",
    },
    {
      name: "nash: δ + 1e-3",
      apply: (a) => {
        a["solutions"].nash.delta += E;
      },
      kind: "foc",
    },
    ...(["nash", "utilitarian", "egalitarian", "kalai-smorodinsky"] as const).flatMap((id) =>
      [E, -E].map(
        (step): Perturbation => ({
          name: `${id}: δ ${step > 0 ? "+" : "−"} 1e-3 with the equilibrium there`,
          apply: (a, g) => {
            const s = a["solutions"][id];
            a["solutions"][id] = { ...s, ...claimAt(g, s.delta + step) };
          },
          kind: "optimality",
        }),
      ),
    ),
    {
      name: "powerful-G: δ − 1e-3 with the equilibrium there",
      apply: (a, g) => {
        const s = a["solutions"]["powerful-G"];
        a["solutions"]["powerful-G"] = { ...s, ...claimAt(g, s.delta - E) };
      },
      kind: "optimality",
    },
  ];
  const pareto = answer["pareto"] as [number, number][];
  pareto.forEach(([lo, hi], k) => {
    const prevHi = k === 0 ? 0 : pareto[k - 1]![1];
    if (lo - E >= 0 && lo - E > prevHi)
      list.push({
        name: `pareto[${k}]: lower end 1e-3 outward`,
        apply: (a) => {
          a["pareto"][k][0] -= E;
        },
        kind: "pareto-inside",
      });
    if (hi - lo > 2 * E) {
      list.push({
        name: `pareto[${k}]: lower end 1e-3 inward`,
        apply: (a) => {
          a["pareto"][k][0] += E;
        },
        kind: "pareto-outside",
      });
      list.push({
        name: `pareto[${k}]: upper end 1e-3 inward`,
        apply: (a) => {
          a["pareto"][k][1] -= E;
        },
        kind: "pareto-outside",
      });
    }
    const nextLo = k === pareto.length - 1 ? 1 : pareto[k + 1]![0];
    if (hi + E <= 1 && hi + E < nextLo)
      list.push({
        name: `pareto[${k}]: upper end 1e-3 outward`,
        apply: (a) => {
          a["pareto"][k][1] += E;
        },
        kind: "pareto-inside",
      });
  });
  return list;
};

describe("checkFineTuningAnswer", () => {
  for (const [title, scenario] of Object.entries(SCENARIOS)) {
    describe(title, () => {
      const game = gameOf(scenario);
      const answer = solved(game);

      it("passes the answer ftg solve --json gives, with every kind of check present", () => {
        const r = check(game, answer);
        expect(r.items.filter((i) => !i.holds).map((i) => `${i.id}: ${i.message}`)).toEqual([]);
        expect(r.holds).toBe(true);
        const kinds = new Set(r.items.map((i) => i.kind));
        const interiorEnd = (answer["pareto"] as number[][]).flat().some((e) => e > 0 && e < 1);
        const expected: CheckKind[] = [
          "utility",
          "deviation",
          "foc",
          "optimality",
          "pareto-inside",
          "pareto-complete",
        ];
        for (const k of interiorEnd ? [...expected, "pareto-outside" as const] : expected)
          expect(kinds.has(k), k).toBe(true);
      });

      for (const p of perturbations(answer)) {
        it(`fails the answer perturbed: ${p.name} (a ${p.kind} check fails)`, () => {
          const a = JSON.parse(JSON.stringify(answer));
          p.apply(a, game);
          const r = check(game, a);
          expect(r.holds).toBe(false);
          expect(failing(r)).toContain(p.kind);
        });
      }
    });
  }

  it("passes the closed-form answer of random one-specialist polynomial games and fails it with the Nash α0 moved by 1e-3", () => {
    const coefficient = fc.double({ min: 0.3, max: 3, noNaN: true });
    const exponent = fc.double({ min: 2, max: 3.5, noNaN: true });
    fc.assert(
      fc.property(coefficient, coefficient, exponent, exponent, (c0, c1, k0, k1) => {
        const game = gameOf({
          generalist: { cost: { polynomial: { c: c0, k: k0 } } },
          specialists: [{ cost: { polynomial: { c: c1, k: k1 } } }],
        });
        const answer = solved(game);
        expect(answer["method"]).toBe("closed-form");
        const r = check(game, answer);
        expect(r.items.filter((i) => !i.holds).map((i) => `${i.id}: ${i.message}`)).toEqual([]);
        answer["solutions"].nash.alpha0 += E;
        expect(check(game, answer).holds).toBe(false);
      }),
      { numRuns: 5, seed: 14 },
    );
  });

  it("backs every failure with a witness the solver's own exact equilibria confirm (random fixed costs and outside options)", () => {
    const confirmed = { dominance: 0, optimality: 0, deviation: 0 };
    fc.assert(
      fc.property(
        fc.double({ min: 0.4, max: 2, noNaN: true }),
        fc.double({ min: 0.4, max: 2, noNaN: true }),
        fc.double({ min: 0.4, max: 2, noNaN: true }),
        fc.double({ min: 0, max: 0.1, noNaN: true }),
        fc.double({ min: 0, max: 0.05, noNaN: true }),
        (c0, c1, c2, fixed, d) => {
          const game = gameOf({
            generalist: { cost: { polynomial: { c: c0, k: 2 } } },
            specialists: [
              { cost: { polynomial: { c: c1, k: 2, fixed } } },
              { cost: { polynomial: { c: c2, k: 2 } }, disagreement: d },
            ],
          });
          const answer = solved(game);
          // a wrong claim on top of whatever the solver gets wrong: the first upper end 1e-3 too far
          const [lo, hi] = answer["pareto"][0] ?? [0, 1];
          if (hi + E <= 1 && (answer["pareto"][1]?.[0] ?? 1) > hi + E) answer["pareto"][0] = [lo, hi + E];
          const exact = (delta: number) => equilibrium(game, delta, { method: "polynomial" });
          for (const item of check(game, answer).items) {
            if (item.holds || item.witness?.better === undefined) continue;
            const { delta, better } = item.witness;
            if (item.kind === "pareto-inside") {
              const u = exact(delta).utilities;
              const v = exact(better).utilities;
              const diffs = Array.from(u, (x, i) => v[i]! - x);
              expect(Math.min(...diffs), item.message).toBeGreaterThanOrEqual(-1e-12);
              expect(Math.max(...diffs), item.message).toBeGreaterThan(1e-10);
              confirmed.dominance++;
            } else if (item.id === "max-performance: optimality") {
              const claimed = answer["solutions"]["max-performance"].revenue as number;
              expect(exact(better).revenue, item.message).toBeGreaterThan(claimed + 1e-9);
              confirmed.optimality++;
            } else if (item.id.endsWith(": G deviation")) {
              const id = item.id.slice(0, -": G deviation".length);
              const claimed = answer["solutions"][id].utilities.G as number;
              expect(generalistValue(game, better, delta, "polynomial"), item.message).toBeGreaterThan(
                claimed + 1e-9,
              );
              confirmed.deviation++;
            }
          }
        },
      ),
      { numRuns: 6, seed: 5 },
    );
    expect(confirmed.dominance).toBeGreaterThan(0);
  });

  describe("a window of δ narrower than the sweep's spacing that dominates a point just outside the set", () => {
    it("is found between the samples: δ = 0.918984 is dominated by [0.9148525, 0.914965] (a specialist at its threshold there)", () => {
      const game = gameOf({
        generalist: { cost: { polynomial: { c: 3, k: 2 } } },
        specialists: [
          { cost: { polynomial: { c: 0.7, k: 2, fixed: 0.02 } } },
          { cost: { polynomial: { c: 1.6, k: 2, fixed: 0.04 } } },
          { cost: { polynomial: { c: 2.3, k: 2 } } },
        ],
      });
      const answer = solved(game);
      const above = check(game, answer).items.find((i) => i.id.includes("just above"))!;
      expect(above.holds, above.message).toBe(true);
      // the dominator the search found is one: nobody worse, somebody better (the solver's equilibria)
      const u = equilibrium(game, above.witness!.delta, { method: "polynomial" }).utilities;
      const v = equilibrium(game, above.witness!.better!, { method: "polynomial" }).utilities;
      expect(above.witness!.better!).toBeGreaterThan(0.9148);
      expect(above.witness!.better!).toBeLessThan(0.915);
      expect(Math.min(...Array.from(u, (x, i) => v[i]! - x))).toBeGreaterThanOrEqual(-1e-12);
      // and the set ending 1e-3 too early still fails: nothing dominates the points it leaves out
      answer["pareto"][0][1] -= E;
      const early = check(game, answer).items.find((i) => i.id.includes("just above"))!;
      expect(early.holds).toBe(false);
      expect(early.message).toMatch(/nor by any δ between them|cells left unsearched/);
    });

    it("the solver's certified answers pass the Pareto checks (random games with fixed costs and outside options)", () => {
      fc.assert(
        fc.property(
          fc.array(
            fc.record({
              c: fc.double({ min: 0.3, max: 2.8, noNaN: true }),
              fixed: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.1, noNaN: true })),
              disagreement: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.1, noNaN: true })),
            }),
            { minLength: 2, maxLength: 4 },
          ),
          fc.double({ min: 0.5, max: 3.5, noNaN: true }),
          (specialists, c0) => {
            const game = gameOf({
              generalist: { cost: { polynomial: { c: c0, k: 2 } } },
              specialists: specialists.map(({ c, fixed, disagreement }) => ({
                cost: { polynomial: { c, k: 2, fixed } },
                disagreement,
              })),
            });
            const answer = solved(game);
            if (answer["certificate"].certified !== true) return;
            const failures = check(game, answer).items.filter((i) => !i.holds && i.kind.startsWith("pareto"));
            expect(failures.map((i) => `${i.id}: ${i.message}`)).toEqual([]);
          },
        ),
        { numRuns: 12, seed: 21 },
      );
    });
  });

  it("judges over δ with G's precise search where a wiggly cost has maxima finer than a coarse grid (no false failure of a certified answer)", () => {
    // with 32 points over α0 the sweep's G settled on a worse maximum at δ = 0.990067 (threshold
    // α0 = 5.03, U_G = 0.42717 instead of 0.43326): its revenue "beat" max-performance's and its
    // specialists "dominated" points of the set
    const game = gameOf({
      generalist: { cost: "0.574*a0^2 + 0.0086*sin(22.96*a0)" },
      specialists: [
        { cost: "1.519*(a-a0)^2" },
        { cost: "0.034 + 1.883*(a-a0)^2" },
        { cost: "0.020 + 0.585*(a-a0)^2", disagreement: 0.03 },
      ],
    });
    const answer = solved(game);
    expect(answer["certificate"].certified).toBe(true);
    const r = check(game, answer);
    expect(r.items.filter((i) => !i.holds).map((i) => `${i.id}: ${i.message}`)).toEqual([]);
    // and a wrong claim still fails: max-performance moved off the edge of G's threshold choice
    answer["solutions"]["max-performance"] = {
      ...answer["solutions"]["max-performance"],
      ...claimAt(game, 0.99),
    };
    expect(failing(check(game, answer))).toContain("optimality");
  });

  it("gives G no false gain from the participation slack near δ = 1 (max-performance at δ = 0.998, G at a threshold)", () => {
    const game = gameOf({
      generalist: { cost: "1.947*a0^3" },
      specialists: [
        { cost: "1.447*(a-a0)^2", revenue: "1.62*log(1+a)" },
        { cost: "0.829*(a-a0)^2", revenue: "1.09*a", disagreement: 0.002 },
      ],
    });
    const answer = solved(game);
    expect(answer["solutions"]["max-performance"].delta).toBeGreaterThan(0.99);
    const r = check(game, answer);
    expect(r.items.filter((i) => !i.holds).map((i) => `${i.id}: ${i.message}`)).toEqual([]);
  });

  it("gives the same verdicts when every utility is scaled by 1e-6 to 1e6 (tolerances scale with the game)", () => {
    for (const scale of [1e6, 100, 0.01, 1e-6]) {
      const game = gameOf({
        generalist: { cost: `${scale}*a0^2` },
        specialists: [{ cost: `${2 * scale}*(a-a0)^2`, revenue: `${scale}*a` }],
      });
      const answer = solved(game);
      expect(failing(check(game, answer)), `× ${scale}`).toEqual([]);
      answer["solutions"].utilitarian = { ...answer["solutions"].utilitarian, ...claimAt(game, 2 / 3 + E) };
      expect(failing(check(game, answer)), `× ${scale}`).toEqual(["optimality"]);
      // one equilibrium with α0 moved by 1e-3: the same α in every unit of utility
      const eq = claimAt(game, 0.4);
      expect(failing(check(game, eq)), `× ${scale}`).toEqual([]);
      expect(check(game, { ...eq, alpha0: eq["alpha0"] + E }).holds, `× ${scale}`).toBe(false);
    }
  });

  it("passes answers for a generalist with a direct channel (its profit counts in U_G and its revenue in the total)", () => {
    const game = gameOf({
      generalist: { cost: "a0^2", direct: { cost: "1.5*(a-a0)^2", revenue: "log(1+a)" } },
      specialists: [{ cost: "2*(a-a0)^2" }],
    });
    const r = check(game, solved(game));
    expect(r.items.filter((i) => !i.holds).map((i) => `${i.id}: ${i.message}`)).toEqual([]);
  });

  it("passes one equilibrium (ftg solve --delta) and fails it with α0 moved by 1e-3", () => {
    const game = gameOf(SCENARIOS["a numeric game with log revenue"]);
    const eq = claimAt(game, 0.4);
    expect(check(game, eq).holds).toBe(true);
    const r = check(game, { ...eq, alpha0: eq["alpha0"] + E });
    expect(r.holds).toBe(false);
    expect(failing(r)).toEqual(expect.arrayContaining(["deviation", "foc"]));
  });

  it("checks an equilibrium whose α0 is below 1e-7 (G's exponent 1.2 at small δ) without probing below 0", () => {
    // α* = (δ·S/(k0·c0))^5: ~1e-9 at δ = 0.01; the first-order check's probes at α0 ∓ 1e-7 asked
    // G's cost at a negative α0, which is NaN, and the check threw
    const game = gameOf({
      generalist: { cost: { polynomial: { c: 1.9, k: 1.2 } } },
      specialists: [{ cost: { polynomial: { c: 0.4, k: 1.3 } }, revenue: "a" }],
    });
    const eq = claimAt(game, 0.01);
    expect(eq["alpha0"]).toBeGreaterThan(0);
    expect(eq["alpha0"]).toBeLessThan(1e-7);
    expect(check(game, eq).holds).toBe(true);
  });

  it("certifies a claimed 'G stays out' by G's best entry: right when d0 is out of reach, wrong otherwise", () => {
    const out = gameOf({
      generalist: { cost: "a0^2", disagreement: 10 },
      specialists: [{ cost: "2*(a-a0)^2" }],
    });
    const claim = { delta: 0.5, alpha0: null, alphas: { D: null }, utilities: { G: 10, D: 0 } };
    expect(check(out, claim).holds).toBe(true);
    const whole = solved(out);
    expect(whole["pareto"]).toEqual([]);
    expect(check(out, whole).holds).toBe(true);
    const enters = gameOf(SCENARIOS["the quadratic game of Figure 4"]);
    const r = check(enters, { ...claim, utilities: { G: 0, D: 0 } });
    expect(failing(r)).toContain("stays-out");
    const none = { ...whole, solutions: { nash: { ...whole["solutions"].nash, utilities: { G: 0, D: 0 } } } };
    expect(failing(check(enters, none))).toContain("stays-out");
  });

  it("finds G's global best response where G sits on a lower local maximum of a wiggly cost", () => {
    const game = gameOf({
      generalist: { cost: "0.753*a0^2 + 0.0121*(1-cos(25*a0))" },
      specialists: [{ cost: "1.401*(a-a0)^2", revenue: "2.844*log(1+a)" }],
    });
    const delta = 0.66;
    // U_G with the specialist best-responding, by the checker's own reference (not the solver's search)
    const density = { alpha: 400, alpha0: 200 };
    const uG = (x: number) => generalistPoint(game, x, delta, density).utility;
    // the local maxima of U_G on a fine grid; the claim sits on the second best, refined by golden section
    const xs = Array.from({ length: 2001 }, (_, i) => (1.5 * i) / 2000);
    const peaks = xs
      .map((x, i) => ({ x, i, u: uG(x) }))
      .filter(({ i }) => i > 0 && i < 2000 && uG(xs[i]!) >= uG(xs[i - 1]!) && uG(xs[i]!) >= uG(xs[i + 1]!))
      .sort((p, q) => q.u - p.u);
    expect(peaks.length).toBeGreaterThan(1);
    let lo = xs[peaks[1]!.i - 1]!;
    let hi = xs[peaks[1]!.i + 1]!;
    for (let k = 0; k < 100; k++) {
      const m1 = lo + (hi - lo) / 3;
      const m2 = hi - (hi - lo) / 3;
      if (uG(m1) < uG(m2)) lo = m1;
      else hi = m2;
    }
    const a0 = (lo + hi) / 2;
    const d = generalistPoint(game, a0, delta, density).responses[0]!;
    const claim = { delta, alpha0: a0, alphas: { D: d.alpha }, utilities: { G: uG(a0), D: d.utility } };
    const r = check(game, claim);
    const byId = new Map(r.items.map((i) => [i.id, i]));
    expect(byId.get("equilibrium: G first-order")!.holds).toBe(true);
    expect(byId.get("equilibrium: G deviation")!.holds).toBe(false);
    expect(byId.get("equilibrium: G deviation")!.measured!).toBeGreaterThan(1e-6);
  });

  it("finds a maximum of revenue at the edge of the agreement set that a claimed max-performance misses", () => {
    // d0 = d1 = 0.12: revenue rises while G over-invests to keep D in, up to where G stops entering
    const game = gameOf({
      generalist: { cost: "a0^2", disagreement: 0.12 },
      specialists: [{ cost: "2*(a-a0)^2", disagreement: 0.12 }],
    });
    const answer = solved(game);
    answer["solutions"]["max-performance"] = {
      ...answer["solutions"]["max-performance"],
      ...claimAt(game, 0.835938),
    };
    const item = check(game, answer).items.find((i) => i.id === "max-performance: optimality")!;
    expect(item.holds).toBe(false);
    expect(item.message).toMatch(/best found 0\.7582\d* at δ = 0\.8373/);
  });

  describe("Pareto sets with structure narrower than a bargaining grid", () => {
    const paretoVerdicts = (game: FineTuningGame, pareto: number[][]) => {
      const answer = solved(game);
      answer["pareto"] = pareto;
      return check(game, answer).items.filter(
        (i) => i.kind.startsWith("pareto-") && i.kind !== "pareto-flag",
      );
    };

    it("a gap of width 2.3e-3 ([0.0192855, 0.2939771] ∪ [0.2962432, 0.6765332]): the two intervals pass, one interval over the gap fails", () => {
      const game = gameOf({
        generalist: { cost: { polynomial: { c: 1.421, k: 2 } } },
        specialists: [
          { cost: { polynomial: { c: 1.663, k: 2 } }, disagreement: 0.221 },
          { cost: { polynomial: { c: 1.227, k: 2 } }, disagreement: 0.108 },
        ],
      });
      const right = paretoVerdicts(game, [
        [0.0192855, 0.2939771],
        [0.2962432, 0.6765332],
      ]);
      expect(right.filter((i) => !i.holds).map((i) => i.message)).toEqual([]);
      const wrong = paretoVerdicts(game, [[0.0192855, 0.6765332]]);
      expect(wrong.find((i) => i.kind === "pareto-inside")!.message).toMatch(
        /^δ = 0\.29[4-6]\d* is dominated by/,
      );
    });

    it("a window of δ ≈ 0.76 dominating the end of the set: upper end 0.8426029 passes, 0.8436138 fails", () => {
      const game = gameOf({
        generalist: { cost: { polynomial: { c: 1.062, k: 2 } } },
        specialists: [
          { cost: { polynomial: { c: 1.424, k: 2, fixed: 0.276 } } },
          { cost: { polynomial: { c: 2.201, k: 2, fixed: 0.231 } } },
          { cost: { polynomial: { c: 1.926, k: 2, fixed: 0.35 } } },
          { cost: { polynomial: { c: 0.477, k: 2, fixed: 0.214 } } },
        ],
      });
      const lower = [0.054761018317959535, 0.1243146176484555];
      const right = paretoVerdicts(game, [lower, [0.3071895641845847, 0.8426029]]);
      expect(right.filter((i) => !i.holds).map((i) => i.message)).toEqual([]);
      const wrong = paretoVerdicts(game, [lower, [0.3071895641845847, 0.8436138]]);
      expect(wrong.find((i) => i.id === "pareto [0.30719, 0.843614]: inside")!.holds).toBe(false);
    });
  });

  it("finds max-performance's maximum at the edge of individual rationality (revenue 1.05649 near δ = 0.99423), not 1.02642 at δ = 0.26772", () => {
    const game = gameOf({
      generalist: { cost: { polynomial: { c: 1.008, k: 3.245 } } },
      specialists: [{ cost: { polynomial: { c: 0.499, k: 2.748 } }, disagreement: 0.006 }],
    });
    const answer = solved(game);
    answer["solutions"] = { "max-performance": claimAt(game, 0.26772) };
    const item = check(game, answer).items.find((i) => i.id === "max-performance: optimality")!;
    expect(item.holds).toBe(false);
    expect(item.message).toMatch(/objective 1\.02642 at δ = 0\.26772; best found 1\.05649 at δ = 0\.99423/);
  });

  it("rejects unusable answers with the path of the field, the value found and what was expected", () => {
    const game = gameOf(SCENARIOS["two specialists, one with a fixed cost (an isolated Pareto point)"]);
    const eq = {
      delta: 0.5,
      alpha0: 0.3,
      alphas: { D1: 0.4, D2: 0.5 },
      utilities: { G: 0.1, D1: 0.1, D2: 0.1 },
    };
    const bad: [unknown, string][] = [
      [[1, 2], "(answer): expected a JSON object"],
      [{ ...eq, delta: 1.5 }, "delta: expected a number in [0, 1], found 1.5"],
      [{ ...eq, alphas: { D1: 0.4 } }, "alphas.D2: expected a performance or null, found nothing"],
      [
        { ...eq, alphas: { D1: 0.4, D2: 0.5, D3: 1 } },
        "alphas.D3: expected one of the scenario's specialists",
      ],
      [{ ...eq, utilities: { G: 0.1, D1: "x", D2: 0 } }, 'utilities.D1: expected a finite number, found "x"'],
      [{ ...eq, alpha0: null, agreement: true }, "agreement: expected false"],
      [{ pareto: [[0.5, 0.4]], solutions: {} }, "pareto[0]: expected from ≤ to"],
      [
        {
          pareto: [
            [0.1, 0.5],
            [0.4, 0.6],
          ],
          solutions: {},
        },
        "pareto[1]: expected disjoint intervals in increasing order",
      ],
      [{ pareto: [], solutions: { nash2: eq } }, "solutions.nash2: expected a solution id"],
      [
        { pareto: [], solutions: { nash: { ...eq, delta: null } } },
        "solutions.nash.alpha0: expected null when delta is null",
      ],
    ];
    for (const [answer, message] of bad) {
      expect(() => readFineTuningAnswer(game, answer)).toThrow(AnswerError);
      expect(() => readFineTuningAnswer(game, answer)).toThrow(message);
    }
  });
});
