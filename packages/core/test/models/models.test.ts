import { DEFAULT_SCENARIO, jsonSweepRow, MODELS, modelFor } from "@ftg/core";
import { describe, expect, it } from "vitest";

/** One small scenario per registered model. */
const SCENARIOS: Record<string, unknown> = {
  "fine-tuning": DEFAULT_SCENARIO,
  openness: { model: "openness", alpha0: 0.1, delta: 0.5, regulation: { threshold: 0.6, penalty: 0.1 } },
  market: { model: "market", qualities: [0.9, 0.2, 0.5] },
  collaboration: {
    model: "collaboration",
    initial: { low: 0.2, high: 0.7 },
    scheme: "complete",
    rounds: 20,
    learner: { kind: "analytic", rate: 0.05 },
  },
};

describe.each([...MODELS.keys()])("the %s model object", (id) => {
  const model = modelFor(id);
  const result = model.solve(model.build(model.parse(SCENARIOS[id])));

  it("has a scenario to test with", () => {
    expect(SCENARIOS[id]).toBeDefined();
  });

  it("gives a result with warnings as data and a certificate", () => {
    expect(Array.isArray(result.warnings)).toBe(true);
    expect(result.certificate).toBeDefined();
  });

  it("gives a JSON answer naming its model, or the full fine-tuning result", () => {
    const json = model.json(result) as Record<string, unknown>;
    expect(json["model"] ?? (json["players"] === undefined ? undefined : "fine-tuning")).toBe(id);
  });

  it("gives CSV rows as wide as its columns", () => {
    const t = model.csv(result);
    expect(t.rows.length).toBeGreaterThan(0);
    for (const row of t.rows) expect(row).toHaveLength(t.columns.length);
  });

  it("gives a report whose table rows are as wide as its columns", () => {
    const r = model.report(result);
    expect(r.table.rows.length).toBeGreaterThan(0);
    for (const row of r.table.rows) expect(row).toHaveLength(r.table.columns.length);
  });

  it("gives one flat sweep row of scalars", () => {
    const row = model.sweepRow?.(result) ?? jsonSweepRow(model.json(result));
    expect(Object.keys(row).length).toBeGreaterThan(1);
    expect(typeof row["warnings"]).toBe("string");
    for (const v of Object.values(row)) expect(v === null || typeof v !== "object").toBe(true);
  });
});
