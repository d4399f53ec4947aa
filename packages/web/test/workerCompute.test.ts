/**
 * The compute worker's answers: a job's kind types its answer, and a model the explorer has no page
 * for is answered through the core's registry — here the Cournot duopoly that exists only in the
 * core's tests, registered beside the real models, answered by the worker's own code unchanged.
 */
import { DEFAULT_SCENARIO, MODELS, opennessScenarioSchema } from "@ftg/core";
import { describe, expect, it } from "vitest";
import { cournotModel, WITH_COURNOT } from "../../core/test/models/cournot.js";
import { opennessView } from "../src/compute.js";
import { answer, GameCache } from "../src/workerCompute.js";

describe("the compute worker", () => {
  it("answers a model registered outside the core with the model's own JSON, report and CSV", () => {
    const scenario = { model: "cournot", a: 10, b: 1, c: 1 };
    const a = answer({ kind: "model", scenario }, new GameCache(), WITH_COURNOT);
    const result = cournotModel.solve(cournotModel.build(cournotModel.parse(scenario)));
    expect(a.model).toBe("cournot");
    expect(a.json).toEqual(cournotModel.json(result));
    expect(a.report).toEqual(cournotModel.report(result));
    expect(a.csv).toEqual(cournotModel.csv(result));
    expect(a.warnings).toEqual([]);
    // q* = (a − c)/(3b) = 3 for each firm, and no firm gains by deviating
    expect(a.json).toMatchObject({ quantities: [3, 3], price: 4 });
  });

  it("says which field is wrong, and which models exist, as the command line does", () => {
    const games = new GameCache();
    expect(() =>
      answer({ kind: "model", scenario: { model: "cournot", a: -1, b: 1, c: 1 } }, games, WITH_COURNOT),
    ).toThrow("a: expected more than 0 (found -1)");
    expect(() => answer({ kind: "model", scenario: { model: "cournot", a: 10, b: 1, c: 1 } }, games)).toThrow(
      /expected one of "fine-tuning", "openness", "market", "collaboration", found "cournot"/,
    );
  });

  it("answers the core's own models through the registry too", () => {
    const a = answer(
      { kind: "model", scenario: { model: "market", qualities: [0.9, 0.5] } },
      new GameCache(),
    );
    expect(a.model).toBe("market");
    expect(a.report.table.rows).toHaveLength(2);
    expect([...MODELS.keys()]).not.toContain("cournot");
  });

  it("answers a page's job with that page's view", () => {
    const v = answer({ kind: "fine-tuning-at", scenario: DEFAULT_SCENARIO, delta: 0.5 }, new GameCache());
    // typed as EquilibriumView: no cast needed to read it
    expect(v.delta).toBe(0.5);
    expect(v.agreement).toBe(true);
  });
});

describe("the openness map, progressively", () => {
  it("sends each coarser map as it is computed, then answers with the full map, exact at each size", () => {
    const scenario = opennessScenarioSchema.parse({
      model: "openness",
      alpha0: 0.5,
      delta: 0.5,
      regulation: { threshold: 0.6, penalty: 0.05 },
    });
    const partials: number[] = [];
    const full = answer(
      { kind: "openness-progressive", scenario, pMax: 0.3, sizes: [3, 5, 9] },
      new GameCache(),
      undefined,
      (v) => partials.push(v.thetas.length),
    );
    expect(partials).toEqual([3, 5]);
    expect(full.thetas).toHaveLength(9);
    expect(full).toEqual(opennessView(scenario, { thetas: 9, penalties: 9, pMax: 0.3 }));
  });
});
