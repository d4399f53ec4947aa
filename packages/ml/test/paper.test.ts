/** The authors' script's protocol (paper.ts) on the committed subset. */

import { thresholdBAsPrinted } from "@ftg/core";
import { describe, expect, it } from "vitest";
import { PAPER_NORMALISATION, paperFirmData, runPaperExperiment } from "../src/index.js";
import { loadSubset } from "./subset.js";

describe("--protocol paper: what mnist_dfcl.py does", () => {
  it("builds firms from the script's 0.8/0.2 slices: standardised inputs, realised shares that are not 0.8 and 0.2", async () => {
    const sets = paperFirmData(await loadSubset(), { firmSize: 300, targetSize: 100 });
    expect(sets.firms).toHaveLength(2);
    const [low, high] = sets.firms;
    // the low slice holds every low-label image and the first 0.2·N high-label ones: share 720/960
    expect(low!.empiricalCdfAtSplit).toBeGreaterThan(0.6);
    expect(low!.empiricalCdfAtSplit).toBeLessThan(0.9);
    expect(high!.empiricalCdfAtSplit).toBeGreaterThan(0.1);
    expect(high!.empiricalCdfAtSplit).toBeLessThan(0.5);
    // a background pixel (0) is standardised with MNIST's constants
    const min = Math.min(...low!.examples.x.subarray(0, 784));
    expect(min).toBeCloseTo(-PAPER_NORMALISATION.mean / PAPER_NORMALISATION.std, 5);
    expect(sets.validation).toBeNull();
  });

  it("defection-free trains only the high firm and sets the low firm's quality by the cap formula", async () => {
    const sets = paperFirmData(await loadSubset(), { firmSize: 300, targetSize: 100 });
    const r = runPaperExperiment(sets, { model: "logistic", rounds: 3, schemes: ["defection-free"] });
    const run = r.runs[0]!;
    if (run.kind !== "two-firm") throw new Error("expected a two-firm run");
    expect(run.run.target.qh).toBe(1);
    const t = run.run.trajectory;
    expect(t).toHaveLength(4);
    for (let k = 1; k < t.length; k++) {
      const prev = t[k - 1]!;
      const cur = t[k]!;
      if (prev.rho <= run.run.target.rho && prev.ql <= run.run.target.rho) {
        expect(cur.ql).toBeCloseTo(thresholdBAsPrinted(prev.rho, cur.qh / prev.qh) * cur.qh, 12);
      } else expect(cur.ql).toBe(prev.ql);
    }
  });
});
