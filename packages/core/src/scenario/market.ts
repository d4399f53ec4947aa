/**
 * The scenario file of the market model (JSON or YAML) and its schema.
 * @example
 * { "model": "market", "qualities": [0.9, 0.6, 0.3] }
 * { "model": "market", "qualities": [0.9, 0.6], "consumers": { "density": [[0, 0], [1, 2]] } }
 * @see Werner, Karimireddy, Jordan, "Defection-Free Collaboration between Competitors in a Learning System" (arXiv:2406.15898; docs/theory/defection-free-collaboration.md), Section 2.1 and Appendix B
 */
import type { z } from "zod";
import { zod } from "#zod";
import {
  type ConsumerDistribution,
  piecewiseLinearConsumers,
  uniformConsumers,
} from "../market/consumers.js";
import { lazySchema, once } from "./lazySchema.js";
import { LIMITS } from "./limits.js";

/** Builds the schemas (on first use: see lazySchema.ts). */
function buildSchemas() {
  const z = zod();
  const finite = (what: string) =>
    z.number({
      error: (iss) => (typeof iss.input === "number" ? `expected a finite ${what}` : `expected ${what}`),
    });

  const quality = finite("quality in [0, 1]").refine((q) => q >= 0 && q <= 1, {
    message: "expected a quality in [0, 1]",
  });

  const consumersSchema = z.union(
    [
      z.strictObject({
        thetaMax: finite("number > 0").refine((t) => t > 0, { message: "expected thetaMax > 0" }),
      }),
      z.strictObject({
        density: z
          .array(z.tuple([finite("θ ≥ 0"), finite("weight ≥ 0")]), {
            error: "expected a list of [θ, weight] knots",
          })
          .min(2, { message: "expected at least 2 knots [θ, weight]" })
          .max(LIMITS.marketPoints, { message: `expected at most ${LIMITS.marketPoints} knots` })
          .refine((k) => k[0]![0] === 0, { message: "the first knot must be at θ = 0" })
          .refine((k) => k.every((p, i) => i === 0 || p[0] > k[i - 1]![0]), {
            message: "knots must increase in θ",
          })
          .refine((k) => k.every((p) => p[1] >= 0), { message: "weights must be ≥ 0" })
          .refine((k) => k.some((p) => p[1] > 0), { message: "at least one weight must be positive" }),
      }),
    ],
    { error: 'expected {"thetaMax": number} or {"density": [[θ, weight], ...]}' },
  );

  const marketScenarioSchema = z.strictObject({
    model: z.literal("market"),
    title: z.string().optional(),
    qualities: z
      .array(quality, { error: "expected a list of qualities in [0, 1]" })
      .min(1, { message: "expected at least one quality" })
      .max(LIMITS.marketPoints, { message: `expected at most ${LIMITS.marketPoints} qualities` }),
    consumers: consumersSchema.optional(),
    method: z.enum(["newton", "best-response", "linear-system"]).optional(),
  });
  return { consumersSchema, marketScenarioSchema };
}

const schemas = /* @__PURE__ */ once(buildSchemas);

/**
 * Consumer types: uniform on [0, thetaMax] (default thetaMax 1), or a piecewise-linear density
 * given by knots [θ, weight] starting at θ = 0 (the last θ is θmax; weights are rescaled to mass 1).
 */
export const consumersSchema = /* @__PURE__ */ lazySchema(() => schemas().consumersSchema);

export type ConsumersSpec = z.infer<typeof consumersSchema>;

/** Builds the consumer distribution of a validated spec (uniform on [0, 1] when absent). */
export function consumersFromSpec(spec: ConsumersSpec | undefined): ConsumerDistribution {
  if (spec === undefined) return uniformConsumers();
  if ("thetaMax" in spec) return uniformConsumers(spec.thetaMax);
  return piecewiseLinearConsumers(spec.density);
}

/** Schema of a market scenario. */
export const marketScenarioSchema = /* @__PURE__ */ lazySchema(() => schemas().marketScenarioSchema);

export type MarketScenario = z.infer<typeof marketScenarioSchema>;
