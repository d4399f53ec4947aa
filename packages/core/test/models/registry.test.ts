import {
  InputError,
  jsonSweepRow,
  loadModel,
  loadModels,
  MODEL_SUMMARIES,
  MODELS,
  modelFor,
} from "@ftg/core";
import { describe, expect, it } from "vitest";
import { cournotModel, WITH_COURNOT } from "./cournot.js";

const scenario = { model: "cournot", a: 10, b: 1, c: 1 };

describe("the model registry", () => {
  it("holds the four models of the toolkit, fine-tuning first", () => {
    expect([...MODELS.keys()]).toEqual(["fine-tuning", "openness", "market", "collaboration"]);
  });

  it("loads each model on demand as the same object, in the same order as the registry and the summaries", async () => {
    const loaded = await loadModels();
    expect([...loaded.keys()]).toEqual([...MODELS.keys()]);
    expect(Object.keys(MODEL_SUMMARIES)).toEqual([...MODELS.keys()]);
    for (const [id, model] of MODELS) {
      expect(loaded.get(id)).toBe(model);
      expect(await loadModel(id)).toBe(model);
    }
    expect(await loadModel(undefined)).toBe(MODELS.get("fine-tuning"));
    expect(await loadModel(null)).toBe(modelFor(null));
  });

  it("rejects an unknown model the same way when loading it on demand", async () => {
    for (const id of ["chess", 3, "toString", "__proto__"]) {
      const sync = (() => {
        try {
          modelFor(id);
        } catch (err) {
          return err as InputError;
        }
      })();
      const lazy = await loadModel(id).catch((err: unknown) => err as InputError);
      expect(lazy).toBeInstanceOf(InputError);
      expect((lazy as InputError).message).toBe(sync!.message);
    }
  });

  it("takes an absent model field for fine-tuning", () => {
    expect(modelFor(undefined).id).toBe("fine-tuning");
  });

  it("rejects an unknown model with an InputError naming the field, the value and the known ids", () => {
    const e = (() => {
      try {
        modelFor("chess");
      } catch (err) {
        return err;
      }
    })();
    expect(e).toBeInstanceOf(InputError);
    expect((e as InputError).issues).toHaveLength(1);
    expect((e as InputError).issues[0]!.path).toBe("model");
    expect((e as InputError).message).toMatch(/model: expected one of "fine-tuning".*found "chess"/);
  });

  it("finds a model registered by a caller, and solves it through the model object alone", () => {
    const model = modelFor("cournot", WITH_COURNOT);
    expect(model).toBe(cournotModel);
    const r = model.solve(model.build(model.parse(scenario)));
    expect(r.quantities).toHaveLength(2);
    expect(r.quantities[0]).toBeCloseTo(3, 12);
    expect(r.price).toBeCloseTo(4, 12);
    expect(Math.abs(r.certificate.deviationGains[0])).toBeLessThan(1e-12);
    expect(jsonSweepRow(model.json(r))).toMatchObject({ quantities: "3; 3", price: 4, warnings: "" });
  });

  it("reports every bad field of a scenario as an InputError issue", () => {
    const model = modelFor("cournot", WITH_COURNOT);
    let caught: unknown;
    try {
      model.parse({ model: "cournot", a: -1, b: 0, c: 1 });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(InputError);
    expect((caught as InputError).issues.map((i) => i.path)).toEqual(["a", "b"]);
    expect(() => model.build(model.parse({ model: "cournot", a: 1, b: 1, c: 2 }))).toThrow(
      /^c: expected a cost below/,
    );
  });

  it("makes every scenario problem of the real models an InputError", () => {
    const ft = modelFor("fine-tuning");
    expect(() => ft.build(ft.parse({ model: "fine-tuning", specialists: [{ cost: "a ^^ 2" }] }))).toThrow(
      InputError,
    );
    expect(() => modelFor("market").parse({ model: "market", qualities: "high" })).toThrow(InputError);
  });
});
