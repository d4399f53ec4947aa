/**
 * The scenario file of the fine-tuning game (JSON or YAML), its schema, and its conversion to a
 * {@link FineTuningGame}. Costs and revenues are either expressions (in `a0` for the generalist,
 * in `a` and `a0` for a specialist's cost, in `a` for a revenue) or the polynomial family.
 * @example
 * { "model": "fine-tuning",
 *   "generalist": { "cost": "2*a0^2", "disagreement": 0 },
 *   "specialists": [{ "name": "D", "cost": { "polynomial": { "c": 1.5, "k": 2 } }, "revenue": "a" }] }
 */
import type { z } from "zod";
import { zod } from "#zod";
import { directOnlyValue } from "../fine-tuning/equilibrium.js";
import {
  generalistCostExpr,
  linearRevenue,
  polyCost0,
  polyCost1,
  revenueExpr,
  specialistCostExpr,
} from "../fine-tuning/families.js";
import { ExpressionError, type Revenue, type SpecialistCost } from "../fine-tuning/functions.js";
import {
  type FineTuningGame,
  NonFiniteError,
  type Specialist,
  UnboundedUtilityError,
} from "../fine-tuning/model.js";
import { InputError } from "../inputError.js";
import { lazySchema, once } from "./lazySchema.js";
import { LIMITS } from "./limits.js";

/**
 * The usable range of polynomial coefficients. Beyond it the solvers' floating-point arithmetic
 * loses the answer (at c0 = 1e-12 with c1 = 1e12 the bargaining δ is NaN; at c = 1e308 it
 * overflows), so such scenarios are refused with the range instead of answered wrongly. Costs are
 * in arbitrary units: rescaling all of them and the revenues by one factor changes no decision.
 */
export const COEFFICIENT = Object.freeze({ min: 1e-6, max: 1e6, maxExponent: 20 });

/** Largest |disagreement payoff| accepted, in the same units as costs and revenues. */
const DISAGREEMENT_MAX = 1e12;

/** Builds the schemas (on first use: see lazySchema.ts). */
function buildSchemas() {
  const z = zod();
  const finite = (what: string) =>
    // zod refuses NaN and ±Infinity as numbers already; the message says which
    z.number({
      error: (iss) => (typeof iss.input === "number" ? `expected a finite ${what}` : `expected ${what}`),
    });

  const polynomial = z.strictObject({
    polynomial: z.strictObject({
      c: finite("number")
        .refine((c) => c > 0, { message: "cost coefficient c must be positive" })
        .refine((c) => c <= 0 || (c >= COEFFICIENT.min && c <= COEFFICIENT.max), {
          message: `cost coefficient c must lie in the usable range [${COEFFICIENT.min}, ${COEFFICIENT.max}] (rescale the units of cost)`,
        }),
      k: finite("number")
        .refine((k) => k > 1, { message: "exponent k must be greater than 1" })
        .refine((k) => k <= 1 || k <= COEFFICIENT.maxExponent, {
          message: `exponent k must be at most ${COEFFICIENT.maxExponent}`,
        }),
      fixed: finite("number")
        .refine((f) => f >= 0, { message: "fixed cost must be non-negative" })
        .refine((f) => f <= COEFFICIENT.max, {
          message: `fixed cost must be at most ${COEFFICIENT.max} (rescale the units of cost)`,
        })
        .optional(),
    }),
  });

  const expression = z
    .string({ error: 'expected an expression string or {"polynomial": {c, k}}' })
    .min(1, { message: "expression is empty" })
    .max(LIMITS.expressionLength, {
      message: `expected an expression of at most ${LIMITS.expressionLength} characters`,
    });

  /** G's own domain (sold directly to consumers): a cost in a and a0, a revenue in a. */
  const directSchema = z.strictObject({
    cost: z.union([expression, polynomial], {
      error: 'expected an expression in a and a0 (e.g. "(a-a0)^2") or {"polynomial": {"c": 1, "k": 2}}',
    }),
    revenue: expression.optional(),
  });

  const generalistSchema = z.strictObject({
    cost: z.union([expression, polynomial], {
      error: 'expected an expression in a0 (e.g. "2*a0^2") or {"polynomial": {"c": 2, "k": 2}}',
    }),
    disagreement: finite("number")
      .refine((d) => Math.abs(d) <= DISAGREEMENT_MAX, {
        message: `expected a disagreement payoff in [-${DISAGREEMENT_MAX}, ${DISAGREEMENT_MAX}]`,
      })
      .optional(),
    direct: directSchema.optional(),
  });

  const specialistSchema = z.strictObject({
    name: z
      .string()
      .regex(/^\p{L}[\p{L}\p{N}_.-]*$/u, {
        message: "names start with a letter and use letters, digits, _ . -",
      })
      .refine((n) => n !== "G", { message: '"G" is reserved for the generalist' })
      .optional(),
    cost: z.union([expression, polynomial], {
      error: 'expected an expression in a and a0 (e.g. "1.5*(a-a0)^2") or {"polynomial": {"c": 1.5, "k": 2}}',
    }),
    revenue: expression.optional(),
    disagreement: finite("number")
      .refine((d) => Math.abs(d) <= DISAGREEMENT_MAX, {
        message: `expected a disagreement payoff in [-${DISAGREEMENT_MAX}, ${DISAGREEMENT_MAX}]`,
      })
      .optional(),
  });

  /** Schema of a fine-tuning scenario. */
  const fineTuningScenarioSchema = z.strictObject({
    model: z.literal("fine-tuning").optional(),
    title: z.string().optional(),
    generalist: generalistSchema,
    specialists: z
      .array(specialistSchema)
      .min(1, { message: "at least one specialist is required" })
      .max(LIMITS.specialists, { message: `expected at most ${LIMITS.specialists} specialists` }),
  });
  return { fineTuningScenarioSchema };
}

const schemas = /* @__PURE__ */ once(buildSchemas);

/** Schema of a fine-tuning scenario. */
export const fineTuningScenarioSchema = /* @__PURE__ */ lazySchema(() => schemas().fineTuningScenarioSchema);

export type FineTuningScenario = z.infer<typeof fineTuningScenarioSchema>;

/** A scenario problem found after schema validation, with the path of the offending field. */
export class ScenarioError extends InputError {
  override readonly name = "ScenarioError";
  constructor(
    readonly path: string,
    message: string,
  ) {
    super([{ path, message }]);
  }
}

type CostSpec = string | { polynomial: { c: number; k: number; fixed?: number | undefined } };
const specialistCost = (c: CostSpec) =>
  typeof c === "string"
    ? specialistCostExpr(c)
    : polyCost1(c.polynomial.c, c.polynomial.k, c.polynomial.fixed ?? 0);
const revenue = (r: string | undefined) =>
  r === undefined || r.trim() === "a" ? linearRevenue(1) : revenueExpr(r);

/**
 * The functions of one game's specialists, each made once per distinct form and shared by every
 * specialist written the same way: cost and revenue objects are immutable, and a game of a
 * million specialists that made one per specialist spent most of its loading time and memory on
 * them (a revenue "a" is a million identical objects; an expression is parsed once, not n times).
 */
function specialistFunctions() {
  const costs = new Map<string, SpecialistCost>();
  // c → k → fixed: no key string to build per specialist
  const polynomials = new Map<number, Map<number, Map<number, SpecialistCost>>>();
  const revenues = new Map<string | undefined, Revenue>();
  return {
    cost(c: CostSpec): SpecialistCost {
      if (typeof c === "string") return memo(costs, c, () => specialistCost(c));
      const { c: coefficient, k, fixed = 0 } = c.polynomial;
      const byK = memo(polynomials, coefficient, () => new Map<number, Map<number, SpecialistCost>>());
      const byFixed = memo(byK, k, () => new Map<number, SpecialistCost>());
      return memo(byFixed, fixed, () => specialistCost(c));
    },
    revenue: (r: string | undefined): Revenue =>
      memo(revenues, r === undefined || r.trim() === "a" ? undefined : r, () => revenue(r)),
  };
}

/** `map`'s value at `key`, made by `make` and stored the first time. */
function memo<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}

/** A problem with the function at `path` as a {@link ScenarioError}; anything else unchanged. */
function scenarioError(path: string, e: unknown): unknown {
  return e instanceof ExpressionError || e instanceof UnboundedUtilityError || e instanceof NonFiniteError
    ? new ScenarioError(path, e.message)
    : e;
}

/** Builds the game; throws {@link ScenarioError} naming the field for a bad expression or name. */
export function fineTuningGameFromScenario(sc: FineTuningScenario): FineTuningGame {
  const wrap = <T>(path: string, f: () => T): T => {
    try {
      return f();
    } catch (e) {
      throw scenarioError(path, e);
    }
  };
  const gc = sc.generalist.cost;
  const cost = wrap("generalist.cost", () =>
    typeof gc === "string"
      ? generalistCostExpr(gc)
      : polyCost0(gc.polynomial.c, gc.polynomial.k, gc.polynomial.fixed ?? 0),
  );
  const dc = sc.generalist.direct;
  const direct =
    dc === undefined
      ? undefined
      : {
          cost: wrap("generalist.direct.cost", () => specialistCost(dc.cost)),
          revenue: wrap("generalist.direct.revenue", () => revenue(dc.revenue)),
        };
  const generalist = {
    cost,
    // with a direct channel, G's outside option is what the channel alone earns it (Section 4)
    disagreement:
      sc.generalist.disagreement ??
      (direct === undefined
        ? 0
        : wrap("generalist.direct", () =>
            directOnlyValue({ generalist: { cost, disagreement: 0, direct }, specialists: [] }),
          )),
    ...(direct === undefined ? {} : { direct }),
  };
  const n = sc.specialists.length;
  const seen = new Set<string>();
  const made = specialistFunctions();
  const specialists = new Array<Specialist>(n);
  for (let i = 0; i < n; i++) {
    const s = sc.specialists[i]!;
    const name = s.name ?? (n === 1 ? "D" : `D${i + 1}`);
    if (seen.has(name)) throw new ScenarioError(`specialists[${i}].name`, `duplicate name "${name}"`);
    seen.add(name);
    let cost: SpecialistCost;
    let rev: Revenue;
    try {
      cost = made.cost(s.cost);
    } catch (e) {
      throw scenarioError(`specialists[${i}].cost`, e);
    }
    try {
      rev = made.revenue(s.revenue);
    } catch (e) {
      throw scenarioError(`specialists[${i}].revenue`, e);
    }
    specialists[i] = { name, cost, revenue: rev, disagreement: s.disagreement ?? 0 };
  }
  if (n > LIMITS.numericSpecialists) {
    // beyond it only the polynomial path answers in reasonable time: name the first player off it
    const need = `with more than ${LIMITS.numericSpecialists} specialists every cost must be polynomial and every revenue linear (the O(n)-per-δ path)`;
    if (cost.polynomial === undefined)
      throw new ScenarioError("generalist.cost", `${need}; found "${cost.source}"`);
    if (direct !== undefined && (direct.cost.polynomial === undefined || direct.revenue.linear === undefined))
      throw new ScenarioError("generalist.direct", `${need}; the direct channel is not`);
    for (let i = 0; i < n; i++) {
      const s = specialists[i]!;
      if (s.cost.polynomial === undefined)
        throw new ScenarioError(`specialists[${i}].cost`, `${need}; found "${s.cost.source}"`);
      if (s.revenue.linear === undefined)
        throw new ScenarioError(`specialists[${i}].revenue`, `${need}; found "${s.revenue.source}"`);
    }
  }
  return { generalist, specialists };
}
