import { DEFAULT_SCENARIO } from "@ftg/core";
import { describe, expect, it } from "vitest";
import { parseScenarioText, scenarioToText, validateFineTuning } from "../src/scenarioFile.js";
import { decodeState, encodeState } from "../src/urlState.js";

describe("URL state", () => {
  it("round-trips a page, its scenario (with non-ASCII text) and its parameters", () => {
    const scenario = { ...DEFAULT_SCENARIO, title: "δ ∈ [0, 1] — Figure 4" };
    const hash = encodeState({ page: "openness", scenario, params: { delta: "0.25", sel: "nash" } });
    expect(hash.startsWith("#openness?")).toBe(true);
    const back = decodeState(hash);
    expect(back.page).toBe("openness");
    expect(back.scenario).toEqual(scenario);
    expect(back.params).toEqual({ delta: "0.25", sel: "nash" });
  });

  it("falls back to the fine-tuning page and reports an undecodable scenario instead of throwing", () => {
    const s = decodeState("#nowhere?s=%%%not-base64&delta=0.3");
    expect(s.page).toBe("fine-tuning");
    expect(s.scenario).toBeUndefined();
    expect(s.scenarioError).toMatch(/not valid base64url JSON/);
    expect(s.params).toEqual({ delta: "0.3" });
  });
});

describe("scenario files", () => {
  it("reads the CLI's JSON and YAML files and dispatches on the model field", async () => {
    const json = await parseScenarioText(JSON.stringify(DEFAULT_SCENARIO), "fig4.json");
    expect(json.ok && json.model).toBe("fine-tuning");
    const yaml = await parseScenarioText("model: market\nqualities: [0.9, 0.5]\n", "m.yaml");
    expect(yaml.ok && yaml.model).toBe("market");
    const open = await parseScenarioText("model: openness\nalpha0: 0.5\n", "o.yml");
    expect(open.ok && open.model).toBe("openness");
  });

  it("exports what it imports (JSON and YAML)", async () => {
    for (const format of ["json", "yaml"] as const) {
      const text = await scenarioToText(DEFAULT_SCENARIO, format);
      const back = await parseScenarioText(text, `x.${format}`);
      expect(back.ok && back.value).toEqual(DEFAULT_SCENARIO);
    }
  });

  it("names the field, the value found and the expectation", async () => {
    const r = await parseScenarioText(
      "generalist: { cost: { polynomial: { c: 1, k: 2 } } }\nspecialists: [{ cost: { polynomial: { c: -1, k: 2 } } }]\n",
      "bad.yaml",
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toEqual({
      path: "specialists[0].cost.polynomial.c",
      message: "cost coefficient c must be positive (found -1)",
    });
  });

  it("reports expression errors at the field that holds the expression", () => {
    const r = validateFineTuning({ generalist: { cost: "2*a0^" }, specialists: [{ cost: "(a-a0)^2" }] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]!.path).toBe("generalist.cost");
  });

  it("reports malformed text, an empty file and an unknown model as one issue each", async () => {
    for (const [text, name, pattern] of [
      ["{ nope", "a.json", /a\.json: malformed JSON\/YAML/],
      ["   ", "b.yaml", /b\.yaml is empty/],
      ["model: weather\n", "c.yaml", /expected one of fine-tuning, openness, collaboration, market/],
      ["- 1\n- 2\n", "d.yaml", /expected a scenario object/],
    ] as const) {
      const r = await parseScenarioText(text, name);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.issues).toHaveLength(1);
        expect(r.issues[0]!.message).toMatch(pattern);
      }
    }
  });
});
