/**
 * The reproduction's numeric checks, run as tests: every figure of the three papers is rebuilt
 * (quick mode: coarser plotting grids; the checks themselves are the ones `ftg reproduce` runs)
 * and every check must pass. Documented errata pass when we agree with the corrected statement.
 */
import { describe, expect, it } from "vitest";
import { FIGURES } from "../../src/index.js";

const ERRATA_IDS = new Set([
  "FTG-E3",
  "FTG-E4",
  "figure-2a-negative-revenue",
  "proposition1-item2",
  "figure-3-revenue-levels",
]);

describe("reproduced figures: numeric checks against the papers", () => {
  it("covers Fine-tuning Games Figures 2–5 and n specialists, Defection-free Collaboration Figures 1–8, and the openness figures", () => {
    expect(FIGURES.map((f) => f.label)).toEqual([
      "Figure 2",
      "Figure 3",
      "Figure 4",
      "Figure 5",
      "n specialists",
      "Figure 1",
      "Figure 2a–b",
      "Figure 3",
      "Figure 4",
      "Figure 5",
      "Figure 6",
      "Figure 7",
      "Figure 8",
      "ω_NR against α0",
      "Region maps",
    ]);
    expect(new Set(FIGURES.map((f) => f.id)).size).toBe(FIGURES.length);
  });

  for (const def of FIGURES) {
    it(`${def.id} (${def.label}): every check passes`, () => {
      const fig = def.build({ quick: true });
      expect(fig.checks.length).toBeGreaterThan(0);
      for (const c of fig.checks) {
        expect(c.pass, `${c.id}: ${c.claim} — paper ${c.paper}, ours ${c.ours}`).toBe(true);
        if (c.erratum !== undefined) expect(ERRATA_IDS.has(c.erratum), c.erratum).toBe(true);
      }
      expect(Object.keys(fig.data).length).toBeGreaterThan(0);
      for (const rows of Object.values(fig.data)) {
        for (const r of rows)
          for (const v of Object.values(r)) if (typeof v === "number") expect(Number.isFinite(v)).toBe(true);
      }
      expect(fig.spec["$schema"]).toMatch(/vega-lite/);
    });
  }
});
