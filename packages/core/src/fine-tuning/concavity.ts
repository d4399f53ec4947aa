/**
 * Proofs that a specialist's utility u(α) = (1−δ)·r(α) − φ(α; α0) is concave in its own choice α
 * over the whole domain it is searched on (α ≥ α0 ≥ 0) for every share 1 − δ in [0, 1]: an
 * enclosure of r″ over α ≥ 0 and one of ∂²φ/∂α² over α ≥ α0 ≥ 0, computed by interval arithmetic
 * over the symbolic second derivatives of the expressions (./functions.ts) with outward rounding.
 * Then u″ = (1−δ)·r″ − ∂²φ/∂α² ≤ 0 whenever min ∂²φ/∂α² ≥ max(0, max r″), and a best response
 * is one root of u′ (./specialistSearch.ts) instead of a subdivided grid.
 *
 * Nothing is claimed from samples. A tree holding a name or function not bounded here (tan, whose
 * poles are not located; the sec or sech of mathjs's derivatives), a division by an interval
 * holding 0 inside, an even root or a fractional power of a base that may be negative, or a
 * logarithm of one: no enclosure, no proof. The domain's one dependency the bounds keep is
 * α − α0 (written `a - a0`), which is ≥ 0 where α ≥ α0: costs are mostly functions of it, and
 * subtracting the two variables' separate ranges would lose its sign.
 * Infinite ends stand for unbounded ranges (0·∞ is taken as 0: every value inside is finite).
 * @see Laufer, Kleinberg, Heidari, "Fine-Tuning Games" (arXiv:2308.04399; docs/theory/fine-tuning-games.md) Section 2 (the specialists' utilities)
 */
import type { MathNode } from "mathjs";

/** A closed interval [lo, hi] of the extended reals; lo === hi is a point, exact. */
export type Interval = readonly [number, number];

/** The variables' ranges a tree is bounded over, and the range of `a - a0`, if it is kept. */
export interface BoundDomain {
  readonly variables: ReadonlyMap<string, Interval>;
  /** Range of the difference of these two variables, where it is known better than by subtraction. */
  readonly difference?: { readonly plus: string; readonly minus: string; readonly range: Interval };
}

/** a ≥ 0 (a revenue's variable: every search starts at α0 ≥ 0). */
export const REVENUE_DOMAIN: BoundDomain = { variables: new Map([["a", [0, Number.POSITIVE_INFINITY]]]) };
/** a ≥ a0 ≥ 0 (a specialist cost's variables). */
export const COST_DOMAIN: BoundDomain = {
  variables: new Map([
    ["a", [0, Number.POSITIVE_INFINITY]],
    ["a0", [0, Number.POSITIVE_INFINITY]],
  ]),
  difference: { plus: "a", minus: "a0", range: [0, Number.POSITIVE_INFINITY] },
};

/**
 * Outward rounding of a computed end, relative: 4 ulps covers the basic operations (½ ulp) and
 * V8's Math functions (under 1 ulp) with room to spare.
 */
const WIDEN = 4 * Number.EPSILON;

// (an exact 0 is kept exact, and an end computed as 0 from an underflow is widened by the callers
// who know it; an infinite end on the wrong side is an overflow of a finite value, and becomes the
// largest finite number)
const down = (x: number): number =>
  x === 0 || x === Number.NEGATIVE_INFINITY
    ? x
    : x === Number.POSITIVE_INFINITY
      ? Number.MAX_VALUE
      : x - Math.abs(x) * WIDEN - Number.MIN_VALUE;
const up = (x: number): number =>
  x === 0 || x === Number.POSITIVE_INFINITY
    ? x
    : x === Number.NEGATIVE_INFINITY
      ? -Number.MAX_VALUE
      : x + Math.abs(x) * WIDEN + Number.MIN_VALUE;

/** [lo, hi] from computed ends, rounded outward; `underflow`: an end computed as 0 may be a tiny non-zero. */
function widen(lo: number, hi: number, underflow: boolean): Interval | undefined {
  if (Number.isNaN(lo) || Number.isNaN(hi) || lo > hi) return undefined;
  const l = lo === 0 && underflow ? -Number.MIN_VALUE : down(lo);
  const h = hi === 0 && underflow ? Number.MIN_VALUE : up(hi);
  return [l, h];
}

/** The exact error of x + y (Knuth's TwoSum): 0 when the sum is exact. */
function sumError(x: number, y: number, s: number): number {
  const b = s - x;
  return x - (s - b) + (y - b);
}

/**
 * Smallest |x·y| whose exactness {@link productError} decides: below it the split's parts and the
 * error term may underflow and read as 0 (Dekker's condition, with a wide margin).
 */
const EXACT_PRODUCT_MIN = 1e-280;

/** The exact error of x·y (Dekker's TwoProduct, Veltkamp's split): 0 when the product is exact. */
function productError(x: number, y: number, p: number): number {
  const split = (v: number): [number, number] => {
    const t = 134217729 * v;
    const hi = t - (t - v);
    return [hi, v - hi];
  };
  const [xh, xl] = split(x);
  const [yh, yl] = split(y);
  return xh * yh - p + xh * yl + xl * yh + xl * yl;
}

const isPoint = (x: Interval): boolean => x[0] === x[1];

/** x·y with 0·∞ = 0 (an unbounded range times an exact 0 is 0). */
const times = (x: number, y: number): number => (x === 0 || y === 0 ? 0 : x * y);

function add(x: Interval, y: Interval): Interval | undefined {
  if (isPoint(x) && isPoint(y)) {
    const s = x[0] + y[0];
    if (Number.isFinite(s) && sumError(x[0], y[0], s) === 0) return [s, s];
  }
  return widen(x[0] + y[0], x[1] + y[1], false);
}

const negate = (x: Interval): Interval => [-x[1], -x[0]];

function multiply(x: Interval, y: Interval): Interval | undefined {
  if (isPoint(x) && isPoint(y)) {
    const p = times(x[0], y[0]);
    if (x[0] === 0 || y[0] === 0) return [0, 0];
    if (Math.abs(p) >= EXACT_PRODUCT_MIN && Number.isFinite(p) && productError(x[0], y[0], p) === 0)
      return [p, p];
  }
  const ps = [times(x[0], y[0]), times(x[0], y[1]), times(x[1], y[0]), times(x[1], y[1])];
  // (an end that is 0 from factors that are not is an underflow; from a factor 0 it is exact)
  const underflow = x[0] !== 0 && x[1] !== 0 && y[0] !== 0 && y[1] !== 0;
  return widen(Math.min(...ps), Math.max(...ps), underflow);
}

function reciprocal(y: Interval): Interval | undefined {
  const [l, h] = y;
  // (the reciprocal keeps the sign of its range: its end toward 0 is clamped there)
  if (l > 0) return [Math.max(0, down(1 / h)), up(1 / l)];
  if (h < 0) return [down(1 / h), Math.min(0, up(1 / l))];
  if (l === 0 && h > 0) return [Math.max(0, down(1 / h)), Number.POSITIVE_INFINITY];
  if (h === 0 && l < 0) return [Number.NEGATIVE_INFINITY, Math.min(0, up(1 / l))];
  return undefined;
}

function divide(x: Interval, y: Interval): Interval | undefined {
  if (isPoint(x) && isPoint(y) && y[0] !== 0) {
    const q = x[0] / y[0];
    const exact =
      Number.isFinite(q) &&
      Math.abs(x[0]) >= EXACT_PRODUCT_MIN &&
      productError(q, y[0], q * y[0]) === 0 &&
      q * y[0] === x[0];
    if (exact) return [q, q];
    // (one rounding, where the reciprocal and a product would round twice)
    return widen(q, q, x[0] !== 0);
  }
  const r = reciprocal(y);
  return r === undefined ? undefined : multiply(x, r);
}

/** b^p at one corner, with its exact cases (base 0 or 1, exponent 0, infinite results) kept exact. */
function powCorner(b: number, p: number): [number, boolean] {
  const v = b ** p;
  const exact = b === 0 || b === 1 || p === 0 || !Number.isFinite(v) || !Number.isFinite(b);
  return [v, exact];
}

function power(base: Interval, exponent: Interval): Interval | undefined {
  // (−0 as +0: (−0)^−1 is −∞, while the range's values are ≥ 0)
  const bl = base[0] === 0 ? 0 : base[0];
  const bh = base[1] === 0 ? 0 : base[1];
  const [pl, ph] = exponent;
  const point = pl === ph;
  if (point && pl === 0) return [1, 1];
  const integer = point && Number.isInteger(pl);
  if (bl < 0 && !integer) return undefined;
  // 0^p for p < 0 is no real number: JS gives +∞ for +0, and −∞ for −0 with an odd p (a range that
  // touches 0 from above can be reached as −0, e.g. by a − a0 times −1)
  if (pl < 0 && bl <= 0 && bh >= 0 && (bl === bh || !point || (integer && pl % 2 !== 0))) return undefined;
  if (bl < 0 && bh > 0) {
    // an integer power of a range around 0: odd powers rise, even ones are ≥ 0; 0^−k is unbounded
    if (pl < 0) return undefined;
    const [lo, hi] = [bl ** pl, bh ** pl];
    if (pl % 2 !== 0) return widen(lo, hi, true);
    const top = Math.max(lo, hi);
    return [0, top === 0 ? Number.MIN_VALUE : up(top)];
  }
  // b ≥ 0, or b < 0 with an integer exponent: b^p is monotone in b for each p, and (b ≥ 0) in p for
  // each b, so its extremes over the box are at corners
  const corners = point
    ? [powCorner(bl, pl), powCorner(bh, pl)]
    : [powCorner(bl, pl), powCorner(bl, ph), powCorner(bh, pl), powCorner(bh, ph)];
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const [v, exact] of corners) {
    if (Number.isNaN(v)) return undefined;
    const vl = exact ? v : v === 0 ? -Number.MIN_VALUE : down(v);
    const vh = exact ? v : v === 0 ? Number.MIN_VALUE : up(v);
    lo = Math.min(lo, vl);
    hi = Math.max(hi, vh);
  }
  // (a power of a base ≥ 0 is ≥ 0)
  return [bl >= 0 ? Math.max(0, lo) : lo, hi];
}

/**
 * A function increasing on its domain [from, ∞) (from −∞: everywhere), undefined outside it; its
 * values are ≥ `floor` (an end rounded below it is clamped there).
 */
function rising(
  f: (x: number) => number,
  x: Interval,
  from = Number.NEGATIVE_INFINITY,
  floor = Number.NEGATIVE_INFINITY,
): Interval | undefined {
  if (x[0] < from) return undefined;
  const b = widen(f(x[0]), f(x[1]), true);
  return b === undefined ? undefined : [Math.max(floor, b[0]), b[1]];
}

function functionBound(name: string, args: Interval[]): Interval | undefined {
  const x = args[0]!;
  if (name === "min" || name === "max") {
    if (args.length === 0) return undefined;
    const pick = name === "min" ? Math.min : Math.max;
    return [pick(...args.map((a) => a[0])), pick(...args.map((a) => a[1]))];
  }
  if (name === "pow") return args.length === 2 ? power(x, args[1]!) : undefined;
  if (args.length !== 1) return undefined;
  switch (name) {
    case "exp":
      return rising(Math.exp, x, Number.NEGATIVE_INFINITY, 0);
    case "log":
      return rising(Math.log, x, 0);
    case "log2":
      return rising(Math.log2, x, 0);
    case "log10":
      return rising(Math.log10, x, 0);
    case "log1p":
      return rising(Math.log1p, x, -1);
    case "sqrt":
      return rising(Math.sqrt, x, 0, 0);
    case "cbrt":
      return rising(Math.cbrt, x);
    case "sinh":
      return rising(Math.sinh, x);
    case "tanh":
      return rising(Math.tanh, x);
    case "atan":
      return rising(Math.atan, x);
    case "cosh":
      if (x[0] >= 0) return rising(Math.cosh, x, 0, 1);
      if (x[1] <= 0) return rising(Math.cosh, negate(x), 0, 1);
      return widen(1, Math.cosh(Math.max(-x[0], x[1])), false);
    case "abs":
      if (x[0] >= 0) return x;
      if (x[1] <= 0) return negate(x);
      return [0, Math.max(-x[0], x[1])];
    case "sin":
    case "cos":
      return [-1, 1];
    default:
      return undefined;
  }
}

const unwrap = (n: MathNode): MathNode => {
  let m = n as MathNode & { type: string; content?: MathNode };
  while (m.type === "ParenthesisNode") m = m.content as typeof m;
  return m;
};

const symbolName = (n: MathNode): string | undefined => {
  const m = unwrap(n) as MathNode & { type: string; name?: string };
  return m.type === "SymbolNode" ? m.name : undefined;
};

/**
 * An enclosure of the tree's value over `domain`, its numbers lifted as `_k0, _k1, …` with these
 * `values` (./functions.ts), or undefined where none is proven (see the module comment).
 */
export function boundTree(
  node: MathNode,
  values: readonly number[],
  domain: BoundDomain,
): Interval | undefined {
  const n = node as MathNode & {
    type: string;
    value?: unknown;
    name?: string;
    op?: string;
    fn?: { name?: string };
    args?: MathNode[];
    content?: MathNode;
  };
  switch (n.type) {
    case "ConstantNode":
      return typeof n.value === "number" && Number.isFinite(n.value) ? [n.value, n.value] : undefined;
    case "SymbolNode": {
      const name = n.name!;
      const lifted = /^_k(\d+)$/.exec(name);
      if (lifted !== null) {
        const v = values[Number(lifted[1])];
        return v === undefined ? undefined : [v, v];
      }
      if (name === "pi") return [Math.PI, Math.PI];
      if (name === "e") return [Math.E, Math.E];
      return domain.variables.get(name);
    }
    case "ParenthesisNode":
      return boundTree(n.content!, values, domain);
    case "OperatorNode": {
      const args = n.args!;
      const d = domain.difference;
      if (
        d !== undefined &&
        n.op === "-" &&
        args.length === 2 &&
        symbolName(args[0]!) === d.plus &&
        symbolName(args[1]!) === d.minus
      )
        return d.range;
      const xs: (Interval | undefined)[] = args.map((a) => boundTree(a, values, domain));
      // A factor exactly 0 makes a product 0 wherever the other factor is a number, bounded here or
      // not: the power rule writes the second derivative of c·(a − a0)^1 as c·1·(1 − 1)·(a − a0)^−1.
      if (n.op === "*" && xs.length === 2 && xs.some((b) => b !== undefined && b[0] === 0 && b[1] === 0))
        return [0, 0];
      if (xs.some((b) => b === undefined)) return undefined;
      const [x, y] = xs;
      if (xs.length === 1 && n.op === "-") return negate(x!);
      if (xs.length === 1 && n.op === "+") return x;
      if (xs.length !== 2) return undefined;
      switch (n.op) {
        case "+":
          return add(x!, y!);
        case "-":
          return add(x!, negate(y!));
        case "*":
          return multiply(x!, y!);
        case "/":
          return divide(x!, y!);
        case "^":
          return power(x!, y!);
        default:
          return undefined;
      }
    }
    case "FunctionNode": {
      const xs: Interval[] = [];
      for (const a of n.args ?? []) {
        const b = boundTree(a, values, domain);
        if (b === undefined) return undefined;
        xs.push(b);
      }
      return functionBound(n.fn?.name ?? "", xs);
    }
    default:
      return undefined;
  }
}

/**
 * Whether u(α) = s·r(α) − φ(α; α0) is proven concave in α over α ≥ α0 ≥ 0 for every share s in
 * [0, 1], from an enclosure `revenue` of r″ over α ≥ 0 and `cost` of ∂²φ/∂α² over α ≥ α0 ≥ 0:
 * s·r″ ≤ s·max(0, max r″) ≤ max(0, max r″) ≤ min ∂²φ/∂α².
 * @example concaveForEveryShare(revenueExpr("log(1+a)").secondBounds, specialistCostExpr("(a-a0)^2").dAABounds) // true
 * concaveForEveryShare(revenueExpr("a").secondBounds, specialistCostExpr("(a-a0)^2 + 0.01*sin(30*(a-a0))").dAABounds) // false (a wiggle: 9 > 2)
 */
export function concaveForEveryShare(revenue: Interval | undefined, cost: Interval | undefined): boolean {
  return revenue !== undefined && cost !== undefined && cost[0] >= Math.max(0, revenue[1]);
}
