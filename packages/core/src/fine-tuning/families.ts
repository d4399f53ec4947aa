/**
 * The closed forms of the fine-tuning game (Section 3): the polynomial costs F0 + c0·α0^k0 and
 * F + c·(α − α0)^k and the linear revenue s·α, built directly or recognised in a user's expression
 * (./functions.ts compiles the expressions), with the exactness the polynomial path relies on.
 * @see Laufer, Kleinberg, Heidari, "Fine-Tuning Games" (arXiv:2308.04399; docs/theory/fine-tuning-games.md) Section 3 eqs (3)–(4)
 */
import type { Interval } from "./concavity.js";
import {
  expression1,
  expression2,
  type GeneralistCost,
  type PolyCost0,
  type PolyCost1,
  type Revenue,
  type SpecialistCost,
} from "./functions.js";

const close = (x: number, y: number): boolean =>
  Math.abs(x - y) <= 1e-12 * Math.max(1, Math.abs(x), Math.abs(y));

/** F0 + c·a0^k, recognised from values (any way the user wrote it), or undefined. */
export function recognisePolyCost0(f: (a0: number) => number): PolyCost0 | undefined {
  const F = f(0);
  const c = f(1) - F;
  const f2 = f(2) - F;
  if (!(F >= 0 && c > 0 && f2 > c)) return undefined;
  const k = Math.log2(f2 / c);
  if (!(k > 1)) return undefined;
  for (const x of [0.05, 0.37, 1.9, 3.3, 7.1]) if (!close(f(x), F + c * x ** k)) return undefined;
  return { c, k, fixed: F };
}

/** F + c·(a − a0)^k, recognised from values, or undefined. */
export function recognisePolyCost1(f: (a: number, a0: number) => number): PolyCost1 | undefined {
  const F = f(0.7, 0.7);
  if (!(close(f(0, 0), F) && close(f(2.3, 2.3), F))) return undefined;
  const c = f(1.7, 0.7) - F;
  const f2 = f(2.7, 0.7) - F;
  if (!(c > 0 && f2 > c)) return undefined;
  const k = Math.log2(f2 / c);
  if (!(k > 1)) return undefined;
  for (const [a, a0] of [
    [0.31, 0.2],
    [1.5, 0.1],
    [4.2, 1.3],
    [0.9, 0.85],
    [3, 0],
  ] as const) {
    if (!close(f(a, a0), F + c * (a - a0) ** k)) return undefined;
  }
  return { c, k, fixed: F };
}

/** slope·a, recognised from values, or undefined. */
export function recogniseLinear(f: (a: number) => number): { slope: number } | undefined {
  const slope = f(1);
  if (!(close(f(0), 0) && slope > 0)) return undefined;
  for (const x of [0.13, 0.5, 2.7, 9.4]) if (!close(f(x), slope * x)) return undefined;
  return { slope };
}

/** The generalist's polynomial cost F0 + c·a0^k (F0 is paid whenever G enters, even at α0 = 0). */
export function polyCost0(c: number, k: number, fixed = 0): GeneralistCost {
  return {
    source: `${fixed === 0 ? "" : `${fixed} + `}${c}*a0^${k}`,
    value: (a0) => fixed + c * a0 ** k,
    derivative: (a0) => c * k * a0 ** (k - 1),
    second: (a0) => c * k * (k - 1) * a0 ** (k - 2),
    polynomial: { c, k, fixed },
  };
}

/** A specialist's polynomial cost F + c·(a − a0)^k (for a ≥ a0). */
export function polyCost1(c: number, k: number, fixed = 0): SpecialistCost {
  const cost: SpecialistCost = {
    source: `${fixed === 0 ? "" : `${fixed} + `}${c}*(a-a0)^${k}`,
    value: (a, a0) => fixed + c * Math.max(0, a - a0) ** k,
    dA: (a, a0) => c * k * Math.max(0, a - a0) ** (k - 1),
    dAA: (a, a0) => c * k * (k - 1) * Math.max(0, a - a0) ** (k - 2),
    dAA0: (a, a0) => -c * k * (k - 1) * Math.max(0, a - a0) ** (k - 2),
    dA0: (a, a0) => -c * k * Math.max(0, a - a0) ** (k - 1),
    polynomial: { c, k, fixed },
    // c·k·(k − 1)·(a − a0)^(k−2) ≥ 0 for c ≥ 0 and k ≥ 1 (k = 1: linear, 0)
    ...(c >= 0 && k >= 1 ? { dAABounds: NON_NEGATIVE } : {}),
  };
  exactPolyCost1.add(cost);
  return cost;
}

/** Shared enclosures of the closed forms' second derivatives (one array for a million specialists). */
const NON_NEGATIVE: Interval = Object.freeze([0, Number.POSITIVE_INFINITY] as const);
const ZERO: Interval = Object.freeze([0, 0] as const);

/** Costs made by {@link polyCost1}, whose value is exactly fixed + c·max(0, a − a0)^k. */
const exactPolyCost1 = new WeakSet<SpecialistCost>();

/** Whether `value(a, a0)` is exactly `fixed + c * Math.max(0, a - a0) ** k` of its `polynomial`. */
export function isExactPolyCost1(cost: SpecialistCost): boolean {
  return exactPolyCost1.has(cost);
}

/** Linear revenue slope·a (the paper's default is the identity, slope 1). */
export function linearRevenue(slope = 1): Revenue {
  const r: Revenue = {
    source: slope === 1 ? "a" : `${slope}*a`,
    value: (a) => slope * a,
    derivative: () => slope,
    second: () => 0,
    secondBounds: ZERO,
    linear: { slope },
  };
  exactLinear.add(r);
  return r;
}

/** Revenues made by {@link linearRevenue}, whose value is exactly slope × a (no call needed). */
const exactLinear = new WeakSet<Revenue>();

/** Whether `value(a)` is exactly `linear.slope * a` (a recognised expression may round otherwise). */
export function isExactLinear(r: Revenue): boolean {
  return exactLinear.has(r);
}

/**
 * `fn` with more fields: its own properties copied as they are (a lazy getter stays lazy, where a
 * spread would call it).
 */
function withField<T extends object, E extends object>(fn: T, extra: E): T & E {
  return Object.defineProperties(
    {},
    { ...Object.getOwnPropertyDescriptors(fn), ...Object.getOwnPropertyDescriptors(extra) },
  ) as T & E;
}

/** Generalist cost from an expression, recognising the polynomial family. */
export function generalistCostExpr(text: string): GeneralistCost {
  const fn = expression1(text, "a0");
  const polynomial = recognisePolyCost0(fn.value);
  return polynomial === undefined ? fn : withField(fn, { polynomial });
}

/** Specialist cost from an expression, recognising the polynomial family with a fixed cost. */
export function specialistCostExpr(text: string): SpecialistCost {
  const fn = expression2(text);
  const polynomial = recognisePolyCost1(fn.value);
  return polynomial === undefined ? fn : withField(fn, { polynomial });
}

/** Revenue from an expression, recognising linear revenue. */
export function revenueExpr(text: string): Revenue {
  const fn = expression1(text, "a");
  const linear = recogniseLinear(fn.value);
  return linear === undefined ? fn : withField(fn, { linear });
}
