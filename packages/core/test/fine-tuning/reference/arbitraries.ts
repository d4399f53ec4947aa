/**
 * Random fine-tuning scenarios (fast-check arbitraries, scenario JSON as in README.md) for every
 * hard regime: one and 2–8 specialists, polynomial costs with k ∈ [2, 3.5] and fixed costs,
 * disagreement payoffs d > 0, G's own fixed cost, fixed costs that make G over-invest to keep a
 * specialist in, free-riders and abstainers (a linear term in a specialist's marginal cost), and
 * wiggly generalist costs with logarithmic revenues. Numbers have three decimals, as a researcher
 * would write them.
 */
import fc from "fast-check";
import type { FineTuningScenario } from "../../../src/index.js";

const r3 = (x: number): number => Math.round(x * 1000) / 1000;
const num = (lo: number, hi: number) =>
  fc.double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true }).map(r3);
/** 0 half of the time, else in [lo, hi]. */
const maybe = (lo: number, hi: number) => fc.oneof(fc.constant(0), num(lo, hi));

type Spec = FineTuningScenario["specialists"][number];

const polySpecialist = (fixed: fc.Arbitrary<number>, d: fc.Arbitrary<number>): fc.Arbitrary<Spec> =>
  fc.record({ c: num(0.3, 3), k: num(2, 3.5), fixed, d }).map(({ c, k, fixed: F, d: di }) => ({
    cost: { polynomial: F === 0 ? { c, k } : { c, k, fixed: F } },
    ...(di === 0 ? {} : { disagreement: di }),
  }));

const polyGeneralist = fc
  .record({
    c: num(0.3, 3),
    k: num(2, 3.5),
    fixed: fc.oneof(fc.constant(0), fc.constant(0), num(0.01, 0.2)),
    d: maybe(0.01, 0.2),
  })
  .map(({ c, k, fixed, d }) => ({
    cost: { polynomial: fixed === 0 ? { c, k } : { c, k, fixed } },
    ...(d === 0 ? {} : { disagreement: d }),
  }));

/** One specialist, polynomial costs, fixed costs and disagreement payoffs. */
export const oneSpecialist: fc.Arbitrary<FineTuningScenario> = fc
  .record({ g: polyGeneralist, s: polySpecialist(maybe(0.01, 0.3), maybe(0.001, 0.3)) })
  .map(({ g, s }) => ({ model: "fine-tuning" as const, generalist: g, specialists: [s] }));

/** 2–8 specialists, polynomial costs, fixed costs and disagreement payoffs. */
export const manySpecialists: fc.Arbitrary<FineTuningScenario> = fc
  .record({
    g: polyGeneralist,
    s: fc.array(polySpecialist(maybe(0.01, 0.4), maybe(0.001, 0.2)), { minLength: 2, maxLength: 8 }),
  })
  .map(({ g, s }) => ({ model: "fine-tuning" as const, generalist: g, specialists: s }));

/**
 * Quadratic costs and fixed costs that bind: G over-invests to keep specialists in (the
 * four-specialist example of the issue is of this kind).
 */
export const bindingParticipation: fc.Arbitrary<FineTuningScenario> = fc
  .record({
    c0: num(0.5, 2),
    s: fc.array(fc.record({ c: num(0.4, 2.5), fixed: num(0.15, 0.4), d: maybe(0.01, 0.2) }), {
      minLength: 1,
      maxLength: 5,
    }),
  })
  .map(({ c0, s }) => ({
    model: "fine-tuning" as const,
    generalist: { cost: { polynomial: { c: c0, k: 2 } } },
    specialists: s.map(({ c, fixed, d }) => ({
      cost: { polynomial: { c, k: 2, fixed } },
      ...(d === 0 ? {} : { disagreement: d }),
    })),
  }));

/**
 * A linear term b·(a − a0) in a specialist's cost: where (1−δ)·r' ≤ b it free-rides; with a
 * fixed cost or d > 0 it may abstain instead (numeric path).
 */
export const freeRidersAndAbstainers: fc.Arbitrary<FineTuningScenario> = fc
  .record({
    c0: num(0.5, 2),
    s: fc.array(
      fc.record({ c: num(0.4, 2.5), b: num(0.05, 0.8), fixed: maybe(0.01, 0.2), d: maybe(0.01, 0.1) }),
      {
        minLength: 1,
        maxLength: 2,
      },
    ),
  })
  .map(({ c0, s }) => ({
    model: "fine-tuning" as const,
    generalist: { cost: `${c0}*a0^2` },
    specialists: s.map(({ c, b, fixed, d }) => ({
      cost: `${fixed === 0 ? "" : `${fixed} + `}${c}*(a-a0)^2 + ${b}*(a-a0)`,
      ...(d === 0 ? {} : { disagreement: d }),
    })),
  }));

/** φ0 = c0·a0² + w·(1 − cos(f·a0)), D cost c(a − a0)², r = s·log(1 + a) (numeric path). */
export const wiggly: fc.Arbitrary<FineTuningScenario> = fc
  .record({ c0: num(0.4, 1.5), w: num(0.002, 0.02), f: num(10, 30), c: num(0.5, 2.5), s: num(1, 4) })
  .map(({ c0, w, f, c, s }) => ({
    model: "fine-tuning" as const,
    generalist: { cost: `${c0}*a0^2 + ${w}*(1-cos(${f}*a0))` },
    specialists: [{ cost: `${c}*(a-a0)^2`, revenue: `${s}*log(1+a)` }],
  }));

/**
 * Specialists whose costs wiggle, c(a − a0)² + w·(1 − cos(f·(a − a0))), and G's too: a specialist's
 * utility has several local maxima in α, a period apart and of nearly equal height near some δ
 * (numeric path). The specialist's search once kept the lower of two there.
 */
export const wigglySpecialists: fc.Arbitrary<FineTuningScenario> = fc
  .record({
    c0: num(0.5, 2),
    w0: num(0, 0.008),
    f0: num(8, 25),
    s: fc.array(fc.record({ c: num(0.6, 2), w: num(0.002, 0.012), f: num(10, 30), d: num(0, 0.05) }), {
      minLength: 1,
      maxLength: 2,
    }),
  })
  .map(({ c0, w0, f0, s }) => ({
    model: "fine-tuning" as const,
    generalist: { cost: `${c0}*a0^2 + ${w0}*(1-cos(${f0}*a0))` },
    specialists: s.map(({ c, w, f, d }) => ({
      cost: `${c}*(a-a0)^2 + ${w}*(1-cos(${f}*(a-a0)))`,
      ...(d === 0 ? {} : { disagreement: d }),
    })),
  }));

export const CLASSES = {
  "one specialist": oneSpecialist,
  "2–8 specialists": manySpecialists,
  "binding participation": bindingParticipation,
  "free-riders and abstainers": freeRidersAndAbstainers,
  "wiggly costs": wiggly,
  "wiggly specialists' costs": wigglySpecialists,
} as const;
