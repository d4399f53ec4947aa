import fc from "fast-check";
import { parse } from "mathjs";
import { describe, expect, it } from "vitest";
import { type BoundDomain, boundTree, concaveForEveryShare } from "../../src/fine-tuning/concavity.js";
import { linearRevenue, polyCost1, revenueExpr, specialistCostExpr } from "../../src/fine-tuning/families.js";
import { expression1 } from "../../src/fine-tuning/functions.js";

/** Whether v lies in [lo, hi], up to the rounding of the compiled expression that computed v. */
function inside(v: number, [lo, hi]: readonly [number, number]): boolean {
  const slack = 1e-9 * Math.max(1, Math.abs(v));
  return v >= lo - slack && v <= hi + slack;
}

// pieces of random expressions, with their numbers drawn by fast-check
const num = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
const costPiece = fc.oneof(
  fc.tuple(fc.constantFrom(1, 1.5, 2, 2.5, 3, 4)).map(([k]) => `(a-a0)^${k}`),
  num(-1, 1).map((b) => `exp((${b})*(a-a0))`),
  num(0.5, 30).map((w) => `sin(${w}*(a-a0))`),
  num(0.5, 30).map((w) => `cos(${w}*a)`),
  num(0, 1).map((s) => `sqrt(a+${s})`),
  num(0.1, 2).map((b) => `cosh(${b}*(a-a0))`),
  fc.constantFrom(
    "log(1+a)",
    "a0*(a-a0)^2",
    "(a-a0)^2/(1+a0)",
    "tanh(a-a0)",
    "atan(a)",
    "1/(1+a)",
    "a^2 - a0^2",
    "(a - 1)^3",
    "(a-a0)^0.5",
    "exp(a0)*(a-a0)^2",
    "log(1+a-a0)",
    "(a-a0)^3/(a+1)",
  ),
);
const revenuePiece = fc.oneof(
  num(0.5, 30).map((w) => `sin(${w}*a)`),
  fc.constantFrom(
    "a",
    "log(1+a)",
    "sqrt(a)",
    "a^2",
    "1-exp(-a)",
    "atan(a)",
    "a^1.5",
    "1/(1+a)",
    "tanh(a)",
    "cosh(a/4)",
    "log10(1+a)",
    "cbrt(a+1)",
    "a^3/(1+a^2)",
  ),
);
/** A sum of 1–3 pieces with coefficients of either sign (so both concave and non-concave sums occur). */
const sum = (piece: fc.Arbitrary<string>) =>
  fc
    .array(fc.tuple(num(-1, 2), piece), { minLength: 1, maxLength: 3 })
    .map((terms) => terms.map(([c, p]) => `(${c})*(${p})`).join(" + "));

/** The second difference of f at x with step h: ≤ 0 wherever f is concave on [x − h, x + h], up to round-off. */
const secondDifference = (f: (x: number) => number, x: number, h: number): number =>
  (f(x + h) - 2 * f(x) + f(x - h)) / (h * h);

describe("interval bounds of an expression (the concavity proof's arithmetic)", () => {
  it("enclose every value the expression takes on the domain, or give no bound", () => {
    // one variable over a random range [l, h], both signs: powers, quotients and roots of ranges
    // that may hold 0 or negative numbers are where an enclosure goes wrong
    const atom = fc.oneof(
      fc.constant("a"),
      num(-3, 3).map((c) => `(${c})`),
    );
    const expr: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
      e: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        atom,
        fc
          .tuple(tie("e"), fc.constantFrom("+", "-", "*", "/"), tie("e"))
          .map(([x, op, y]) => `(${x} ${op} ${y})`),
        fc.tuple(tie("e"), fc.constantFrom(2, 3, -1, -2, 0.5, 1.5, -0.5)).map(([x, k]) => `(${x})^(${k})`),
        fc
          .tuple(
            fc.constantFrom(
              "exp",
              "log",
              "sqrt",
              "sin",
              "cos",
              "cosh",
              "sinh",
              "tanh",
              "atan",
              "cbrt",
              "abs",
              "log1p",
            ),
            tie("e"),
          )
          .map(([f, x]) => `${f}(${x})`),
      ),
    })).e;
    let bounded = 0;
    fc.assert(
      fc.property(
        expr,
        num(-4, 4),
        num(0, 6),
        fc.array(num(0, 1), { minLength: 8, maxLength: 8 }),
        (text, l, w, ts) => {
          const domain: BoundDomain = { variables: new Map([["a", [l, l + w]]]) };
          const b = boundTree(parse(text), [], domain);
          if (b === undefined) return;
          bounded++;
          const f = expression1(text, "a").value;
          for (const t of [0, 1, ...ts]) {
            const v = f(l + t * w);
            if (Number.isFinite(v))
              expect(inside(v, b), `${text} at ${l + t * w}: ${v} outside [${b}]`).toBe(true);
          }
        },
      ),
      { numRuns: 2000 },
    );
    expect(bounded).toBeGreaterThan(200);
  });

  it("give no bound for a quotient by a range holding 0, a fractional power or a logarithm of a negative range, or tan", () => {
    const domain: BoundDomain = { variables: new Map([["a", [-1, 1]]]) };
    const cases = ["1/a", "a^0.5", "log(a)", "sqrt(a)", "tan(a)", "a^(-2)"];
    expect(cases.length).toBe(6);
    for (const text of cases) expect(boundTree(parse(text), [], domain), text).toBeUndefined();
  });

  it("keep a product that underflows to 0 on the side of its sign", () => {
    const domain: BoundDomain = { variables: new Map() };
    const positive = boundTree(parse("1e-200 * 1e-200"), [], domain);
    const negative = boundTree(parse("-1e-200 * 1e-200"), [], domain);
    expect(positive?.[1]).toBeGreaterThan(0);
    expect(negative?.[0]).toBeLessThan(0);
  });

  it("keep exact zeros and the sign of a - a0 (a ≥ a0)", () => {
    expect(specialistCostExpr("(a-a0)^2").dAABounds).toEqual([2, 2]);
    expect(specialistCostExpr("(a-a0)^1.5").dAABounds?.[0]).toBe(0);
    expect(revenueExpr("a").secondBounds).toEqual([0, 0]);
    expect(revenueExpr("log(1+a)").secondBounds?.[1]).toBe(0);
  });
});

describe("the proof that a specialist's utility is concave in its own choice", () => {
  it("bounds ∂²φ/∂a² and r″ soundly over a ≥ a0 ≥ 0, and claims concavity only of concave utilities", () => {
    let claimed = 0;
    let refused = 0;
    fc.assert(
      fc.property(
        sum(costPiece),
        sum(revenuePiece),
        num(0, 5),
        fc.array(fc.oneof(num(0, 1e-6), num(0, 10), fc.constant(0)), { minLength: 6, maxLength: 6 }),
        num(0, 1),
        (cost, revenue, a0, ts, share) => {
          const phi = specialistCostExpr(cost);
          const r = revenueExpr(revenue);
          const pb = phi.dAABounds;
          const rb = r.secondBounds;
          for (const t of ts) {
            const v = phi.dAA(a0 + t, a0);
            if (pb !== undefined && Number.isFinite(v))
              expect(inside(v, pb), `${cost} at t = ${t}`).toBe(true);
            const w = r.second(a0 + t);
            if (rb !== undefined && Number.isFinite(w))
              expect(inside(w, rb), `${revenue} at ${a0 + t}`).toBe(true);
          }
          if (!concaveForEveryShare(rb, pb)) {
            refused++;
            return;
          }
          claimed++;
          // concavity checked from the values alone (not from the symbolic derivatives the proof used)
          const u = (a: number) => share * r.value(a) - phi.value(a, a0);
          for (const t of ts) {
            const h = 1e-2;
            const x = a0 + h + t;
            const d2 = secondDifference(u, x, h);
            if (Number.isFinite(d2))
              expect(d2, `${cost}; ${revenue}; a0 = ${a0}, a = ${x}`).toBeLessThanOrEqual(
                1e-7 * Math.max(1, Math.abs(u(x))),
              );
          }
        },
      ),
      { numRuns: 1500 },
    );
    expect(claimed).toBeGreaterThan(50);
    expect(refused).toBeGreaterThan(50);
  });

  it("claims concavity for the common forms: convex costs of a − a0, concave or linear revenues", () => {
    const pairs = [
      ["(a-a0)^2", "log(1+a)"],
      ["2*(a-a0)^3", "a"],
      ["(a-a0)^1.5", "sqrt(a)"],
      ["exp(a-a0) - 1", "1 - exp(-a)"],
      ["(a-a0)^2*(1+a0)", "atan(a)"],
      ["0.5 + 3*(a-a0)^2", "2*a"],
    ] as const;
    expect(pairs.length).toBe(6);
    for (const [cost, revenue] of pairs) {
      const ok = concaveForEveryShare(revenueExpr(revenue).secondBounds, specialistCostExpr(cost).dAABounds);
      expect(ok, `${cost}, ${revenue}`).toBe(true);
    }
    expect(concaveForEveryShare(linearRevenue(1).secondBounds, polyCost1(2, 2).dAABounds)).toBe(true);
    expect(concaveForEveryShare(linearRevenue(1).secondBounds, polyCost1(-1, 2).dAABounds)).toBe(false);
  });
});
