/**
 * A model that exists only in the tests: the symmetric Cournot duopoly with linear inverse demand
 * P = a − b·(q1 + q2) and unit cost c. Each firm produces q* = (a − c)/(3b); the certificate is
 * each firm's gain from its best response to the other's q*, which is zero at the equilibrium.
 * It is registered beside the real models to show that a surface needs no change for a new one.
 */
import {
  type AnyModel,
  formatNumber,
  InputError,
  lineChartSpec,
  MODELS,
  type ModelDefinition,
  parseInput,
  type Row,
} from "@ftg/core";
import { z } from "zod";

const schema = z
  .object({
    model: z.literal("cournot"),
    a: z.number().positive(),
    b: z.number().positive(),
    c: z.number().nonnegative(),
  })
  .strict();

type CournotScenario = z.infer<typeof schema>;
export interface CournotResult {
  readonly quantities: readonly [number, number];
  readonly price: number;
  readonly profits: readonly [number, number];
  readonly certificate: { readonly deviationGains: readonly [number, number] };
  readonly warnings: readonly string[];
}

const profit = (g: CournotScenario, own: number, other: number) => (g.a - g.b * (own + other) - g.c) * own;
const bestResponse = (g: CournotScenario, other: number) =>
  Math.max(0, (g.a - g.c - g.b * other) / (2 * g.b));

export const cournotModel: ModelDefinition<CournotScenario, CournotScenario, CournotResult> = {
  id: "cournot",
  summary: "symmetric Cournot duopoly with linear demand (test model)",
  parse: (raw) => parseInput(schema, raw),
  build(s) {
    if (s.c >= s.a)
      throw new InputError([{ path: "c", message: `expected a cost below a = ${s.a} (found ${s.c})` }]);
    return s;
  },
  solve(g) {
    const q = (g.a - g.c) / (3 * g.b);
    const gain = profit(g, bestResponse(g, q), q) - profit(g, q, q);
    return {
      quantities: [q, q],
      price: g.a - 2 * g.b * q,
      profits: [profit(g, q, q), profit(g, q, q)],
      certificate: { deviationGains: [gain, gain] },
      warnings: [],
    };
  },
  json: (r) => ({ model: "cournot", ...r }),
  report: (r) => ({
    before: [`Cournot duopoly at price ${formatNumber(r.price)}`],
    table: {
      columns: ["firm", "quantity", "profit"],
      rows: [0, 1].map((i) => [String(i + 1), formatNumber(r.quantities[i]), formatNumber(r.profits[i])]),
    },
    after: [],
  }),
  csv: (r) => ({
    columns: ["firm", "quantity", "profit", "deviationGain"],
    rows: [0, 1].map((i) => [i + 1, r.quantities[i]!, r.profits[i]!, r.certificate.deviationGains[i]!]),
  }),
  figure(g, options) {
    const q = cournotModel.solve(g).quantities[1];
    const n = options.samples ?? 201;
    const top = (g.a - g.c) / g.b;
    const data: Row[] = Array.from({ length: n }, (_, k) => {
      const own = (top * k) / (n - 1);
      return { quantity: own, profit: profit(g, own, q) };
    });
    return lineChartSpec({
      title: "Firm 1's profit against its quantity",
      subtitle: options.subtitle ?? options.source,
      data,
      x: { field: "quantity", title: "q1" },
      y: { field: "profit", title: "profit" },
    });
  },
};

/** The core's models and the test model: a registry as a caller outside the core would build it. */
export const WITH_COURNOT: ReadonlyMap<string, AnyModel> = new Map<string, AnyModel>([
  ...MODELS,
  [cournotModel.id, cournotModel],
]);
