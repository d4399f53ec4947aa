/**
 * The scenario file of the collaboration model (JSON or YAML), its schema, and its conversion to
 * learners. Two firms ("initial": {"low", "high"}) run any scheme; three or more firms (any ids)
 * run the N-firm defection-free protocol of Appendix B.
 * @example
 * { "model": "collaboration", "initial": { "low": 0.5, "high": 0.7 }, "maxQuality": 1,
 *   "scheme": "defection-free", "rounds": 200, "learner": { "kind": "analytic", "rate": 0.05 } }
 * @see Werner, Karimireddy, Jordan, "Defection-Free Collaboration between Competitors in a Learning System" (arXiv:2406.15898; docs/theory/defection-free-collaboration.md), Sections 3–4, Appendix B
 */
import type { z } from "zod";
import { zod } from "#zod";
import { analyticLearner, type Learner, poolKey } from "../collaboration/learner.js";
import { SCHEMES } from "../collaboration/schemes.js";
import { lazySchema, once } from "./lazySchema.js";
import { LIMITS } from "./limits.js";
import { consumersSchema } from "./market.js";

const finite = (what: string) =>
  zod().number({
    error: (iss) => (typeof iss.input === "number" ? `expected a finite ${what}` : `expected ${what}`),
  });
const unit = (what: string) =>
  finite(`${what} in [0, 1]`).refine((q) => q >= 0 && q <= 1, { message: `expected ${what} in [0, 1]` });
const positive = (what: string) =>
  finite(`${what} > 0`).refine((x) => x > 0, { message: `expected ${what} > 0` });

/** Builds the schemas (on first use: see lazySchema.ts). */
function buildSchemas() {
  const z = zod();
  const poolRecord = z.record(z.string().regex(/^[\p{L}\p{N}_.-]+(\+[\p{L}\p{N}_.-]+)*$/u), unit("ceiling"));

  /** The analytic learner of every firm (see analyticLearner). */
  const learnerSpecSchema = z.strictObject({
    kind: z.literal("analytic").optional(),
    /** One rate for every firm, or one per firm id. Default 0.05. */
    rate: z.union([positive("rate"), z.record(z.string(), positive("rate"))]).optional(),
    /**
     * Ceilings per firm id and pool combination ("low", "high", "high+low"). Defaults: the union of
     * all pools reaches maxQuality; any other combination is saturated at the firm's initial quality.
     */
    ceilings: z.record(z.string(), poolRecord).optional(),
  });

  /** Schema of a collaboration scenario. */
  const collaborationScenarioSchema = z
    .strictObject({
      model: z.literal("collaboration"),
      title: z.string().optional(),
      initial: z
        .record(
          z.string().regex(/^[\p{L}\p{N}_.-]+$/u, { message: "firm ids use letters, digits, _ . -" }),
          unit("quality"),
        )
        .refine((r) => Object.keys(r).length >= 2, { message: "expected at least two firms" })
        .refine((r) => Object.keys(r).length <= LIMITS.firms, {
          message: `expected at most ${LIMITS.firms} firms`,
        }),
      maxQuality: unit("maxQuality")
        .refine((q) => q > 0, { message: "expected maxQuality > 0" })
        .optional(),
      scheme: z.enum(SCHEMES as [string, ...string[]]).optional(),
      rounds: z
        .number()
        .int({ message: "expected a whole number of rounds" })
        .min(1)
        .max(LIMITS.rounds, { message: `expected at most ${LIMITS.rounds} rounds` })
        .optional(),
      stepSize: positive("stepSize").optional(),
      pacing: z.enum(["b-tilde", "none"]).optional(),
      bTilde: finite("number > 1")
        .refine((b) => b > 1, { message: "expected bTilde > 1" })
        .optional(),
      convergenceTol: positive("convergenceTol").optional(),
      consumers: consumersSchema.optional(),
      learner: learnerSpecSchema.optional(),
    })
    .superRefine((s, ctx) => {
      const ids = Object.keys(s.initial);
      const two = ids.length === 2 && "low" in s.initial && "high" in s.initial;
      const max = s.maxQuality ?? 1;
      for (const id of ids) {
        if (s.initial[id]! > max) {
          ctx.addIssue({
            code: "custom",
            path: ["initial", id],
            message: `expected a quality ≤ maxQuality (${max})`,
          });
        }
      }
      if (!ids.some((id) => s.initial[id]! > 0)) {
        ctx.addIssue({
          code: "custom",
          path: ["initial"],
          message: "expected at least one firm with quality > 0",
        });
      }
      for (const id of Object.keys(s.learner?.ceilings ?? {})) {
        if (!ids.includes(id)) {
          ctx.addIssue({
            code: "custom",
            path: ["learner", "ceilings", id],
            message: `unknown firm id (expected one of ${ids.join(", ")})`,
          });
        }
      }
      if (!two && ids.length === 2) {
        ctx.addIssue({
          code: "custom",
          path: ["initial"],
          message: 'two firms must be named "low" and "high"',
        });
      }
      if (!two && s.scheme !== undefined && s.scheme !== "defection-free") {
        ctx.addIssue({
          code: "custom",
          path: ["scheme"],
          message: 'with three or more firms only "defection-free" (Appendix B) is available',
        });
      }
    });
  return { learnerSpecSchema, collaborationScenarioSchema };
}

const schemas = /* @__PURE__ */ once(buildSchemas);

/** The analytic learner of every firm (see analyticLearner). */
export const learnerSpecSchema = /* @__PURE__ */ lazySchema(() => schemas().learnerSpecSchema);

/** Schema of a collaboration scenario. */
export const collaborationScenarioSchema = /* @__PURE__ */ lazySchema(
  () => schemas().collaborationScenarioSchema,
);

export type CollaborationScenario = z.infer<typeof collaborationScenarioSchema>;

/** The analytic learners of a validated scenario, keyed by firm id. */
export function learnersFromScenario(s: CollaborationScenario): Record<string, Learner> {
  const ids = Object.keys(s.initial);
  const all = poolKey(ids);
  const max = s.maxQuality ?? 1;
  const out: Record<string, Learner> = {};
  for (const id of ids) {
    const ceilings: Record<string, number> = { [all]: max };
    for (const [k, v] of Object.entries(s.learner?.ceilings?.[id] ?? {})) ceilings[poolKey(k.split("+"))] = v;
    const rate = s.learner?.rate;
    const r = typeof rate === "number" ? rate : (rate?.[id] ?? 0.05);
    out[id] = analyticLearner({ initial: s.initial[id]!, ceilings, rate: r });
  }
  return out;
}
