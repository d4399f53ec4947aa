/**
 * Every TSDoc `@example` of the core, in every folder, runs and prints what it says. The format
 * (checks `expr // expected`, `≈` for numbers, scenario blocks) is described in ./tsdoc.ts.
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import * as core from "../src/index.js";
import { checkValue, runCodeExample, scenariosOf, tsdocExamples } from "./tsdoc.js";

const here = dirname(fileURLToPath(import.meta.url));
const src = join(here, "..", "src");
const all = tsdocExamples(src);
const context = {
  src,
  modules: [join(src, "index.ts")],
  scratch: join(here, "..", "..", "..", ".artifacts", "doctest", "core"),
};

describe("TSDoc examples of the core", () => {
  it("exist in every folder of the core", () => {
    const folders = new Set(all.map((e) => e.file.split("/")[0]));
    for (const f of [
      "bargaining",
      "collaboration",
      "fine-tuning",
      "market",
      "numerics",
      "openness",
      "plots",
      "scenario",
    ]) {
      expect(folders).toContain(f);
    }
    expect(all.length).toBeGreaterThanOrEqual(60);
  });

  it("a check fails on a value other than the one it states", () => {
    expect(checkValue(0.55, "0.55 — a note")).toBeNull();
    expect(checkValue("comply", "'comply' (Lemma 2)")).toBeNull();
    expect(checkValue(2 / 7, "≈ 0.285714")).toBeNull();
    expect(checkValue(Float64Array.of(0, 0.5), "[0, 0.5]")).toBeNull();
    expect(checkValue(0.5000000000000004, "0.5")).not.toBeNull();
    expect(checkValue(0.2857, "≈ 0.285714")).not.toBeNull();
    expect(checkValue([1, 2], "[1, 2, 3]")).not.toBeNull();
    expect(checkValue({ a: 1, b: 2 }, "{ a: 1 }")).not.toBeNull();
    expect(checkValue("transfer", "'comply'")).not.toBeNull();
    expect(checkValue(1, "0.6666…")).not.toBeNull();
  });

  all.forEach((ex, i) => {
    it(`${ex.file}:${ex.line} example runs and prints what it says`, async () => {
      expect(ex.kind, "an example with no `expr // expected` check and no scenario").not.toBe("none");
      if (ex.kind === "scenario") {
        const scenarios = scenariosOf(ex);
        expect(scenarios.length).toBeGreaterThan(0);
        for (const s of scenarios) {
          const model = core.modelFor((s as { model?: unknown }).model);
          model.build(model.parse(s));
        }
        return;
      }
      const { values, checks } = await runCodeExample(ex, i, context);
      expect(values.length).toBe(checks.length);
      values.forEach((value, k) => {
        expect(checkValue(value, checks[k]!), `check ${k + 1}: // ${checks[k]}`).toBeNull();
      });
    });
  });
});
