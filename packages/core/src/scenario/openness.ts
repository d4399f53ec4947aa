/**
 * The scenario file of the openness-regulation model (JSON or YAML), its schema, and its
 * conversion to an {@link OpennessModel}. Every params field defaults as in our specification.
 * @example
 * { "model": "openness", "alpha0": 0.3, "delta": 0.5,
 *   "regulation": { "threshold": 0.5, "penalty": 0.1 },
 *   "params": { "cD": 1, "lambda": 0.5, "epsilon": 0.2, "kappa": 0.2, "cG": 0 } }
 * @see the openness model specification, docs/theory/openness-regulation.md (after Qiu, Laufer, Kleinberg, Heidari, NeurIPS 2025, arXiv:2507.14193)
 */
import type { z } from "zod";
import { zod } from "#zod";
import type { SolutionId } from "../bargaining/problem.js";
import type { OpennessModel } from "../openness/model.js";
import { lazySchema, once } from "./lazySchema.js";

const finite = (what: string) =>
  zod().number({
    error: (iss) => (typeof iss.input === "number" ? `expected a finite ${what}` : `expected ${what}`),
  });
const nonNegative = (what: string) => finite(what).refine((x) => x >= 0, { message: `expected ${what} ≥ 0` });
const unit = (what: string) =>
  finite(what).refine((x) => x >= 0 && x <= 1, { message: `expected ${what} in [0, 1]` });

/** Bargaining solutions accepted in `"delta": {"bargaining": …}`. */
export const OPENNESS_BARGAINING_SOLUTIONS = [
  "nash",
  "kalai-smorodinsky",
  "egalitarian",
  "utilitarian",
  "max-performance",
  "powerful-G",
  "powerful-D",
] as const satisfies readonly SolutionId[];

/** Builds the schemas (on first use: see lazySchema.ts). */
function buildSchemas() {
  const z = zod();
  const bargaining = z.strictObject({
    bargaining: z.enum(OPENNESS_BARGAINING_SOLUTIONS, {
      error: `expected one of ${OPENNESS_BARGAINING_SOLUTIONS.map((s) => JSON.stringify(s)).join(", ")}`,
    }),
  });

  /** Schema of an openness scenario. */
  const opennessScenarioSchema = z
    .strictObject({
      model: z.literal("openness", { error: 'expected "openness"' }),
      title: z.string().optional(),
      alpha0: z.union([nonNegative("a number"), z.literal("endogenous")], {
        error: 'expected a number ≥ 0 or "endogenous"',
      }),
      delta: z
        .union([unit("a number"), bargaining], {
          error: 'expected a number in [0, 1] or {"bargaining": "nash"}',
        })
        .optional(),
      regulation: z
        .strictObject({
          threshold: unit("a threshold"),
          penalty: nonNegative("a penalty"),
          form: z.enum(["fixed", "proportional"], { error: 'expected "fixed" or "proportional"' }).optional(),
        })
        .optional(),
      params: z
        .strictObject({
          cD: finite("a number")
            .refine((x) => x > 0, { message: "expected cD > 0" })
            .optional(),
          lambda: finite("a number")
            .refine((x) => x >= 0 && x < 1, { message: "expected lambda in [0, 1)" })
            .optional(),
          epsilon: nonNegative("epsilon").optional(),
          kappa: nonNegative("kappa").optional(),
          cG: nonNegative("cG").optional(),
          fD: nonNegative("fD").optional(),
          reputation: z
            .enum(["additive", "multiplicative"], { error: 'expected "additive" or "multiplicative"' })
            .optional(),
        })
        .optional(),
    })
    .superRefine((sc, ctx) => {
      if (sc.alpha0 === "endogenous" && !((sc.params?.cG ?? 0) > 0)) {
        ctx.addIssue({
          code: "custom",
          path: ["params", "cG"],
          message:
            'expected cG > 0 when alpha0 is "endogenous" (otherwise G would build an infinitely good model)',
        });
      }
    });
  return { opennessScenarioSchema };
}

const schemas = /* @__PURE__ */ once(buildSchemas);

/** Schema of an openness scenario. */
export const opennessScenarioSchema = /* @__PURE__ */ lazySchema(() => schemas().opennessScenarioSchema);

export type OpennessScenario = z.infer<typeof opennessScenarioSchema>;

/** The model described by a validated scenario. */
export function opennessModelFromScenario(sc: OpennessScenario): OpennessModel {
  const params: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(sc.params ?? {})) if (v !== undefined) params[k] = v;
  return {
    alpha0: sc.alpha0,
    ...(sc.delta === undefined ? {} : { delta: sc.delta }),
    ...(sc.regulation === undefined
      ? {}
      : {
          regulation: {
            threshold: sc.regulation.threshold,
            penalty: sc.regulation.penalty,
            ...(sc.regulation.form === undefined ? {} : { form: sc.regulation.form }),
          },
        }),
    params: params as OpennessModel["params"] & object,
  };
}
