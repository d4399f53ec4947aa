import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildFirmData, labelCounts } from "../src/index.js";
import {
  DatasetNotFoundError,
  DEBIAN_FASHION_MNIST_DIR,
  FASHION_MNIST_FILES,
  hashExamples,
  loadFashionMnist,
} from "../src/node.js";
import { loadSubset } from "./subset.js";

describe("loadFashionMnist", () => {
  it("reads the committed subset: 1,200 training and 600 test images of 28 × 28, balanced", async () => {
    const data = await loadSubset();
    expect(data.train.count).toBe(1200);
    expect(data.test.count).toBe(600);
    expect([data.train.rows, data.train.cols]).toEqual([28, 28]);
    expect(labelCounts(data.train.labels)).toEqual(new Array(10).fill(120));
    expect(labelCounts(data.test.labels)).toEqual(new Array(10).fill(60));
    expect(Object.keys(data.sha256)).toHaveLength(4);
  });

  it("names the missing file and the Debian package when the data set is absent", async () => {
    await expect(loadFashionMnist({ dir: "/nonexistent/fashion" })).rejects.toThrow(DatasetNotFoundError);
    await expect(loadFashionMnist({ dir: "/nonexistent/fashion" })).rejects.toThrow(
      /\/nonexistent\/fashion\/train-images-idx3-ubyte\.gz not found; install Debian's dataset-fashion-mnist/,
    );
  });

  it.skipIf(!existsSync(`${DEBIAN_FASHION_MNIST_DIR}/${FASHION_MNIST_FILES.testLabels}`))(
    "finds the full data set where Debian's package installs it (60,000 + 10,000)",
    async () => {
      const data = await loadFashionMnist({ dir: DEBIAN_FASHION_MNIST_DIR });
      expect(data.train.count).toBe(60000);
      expect(data.test.count).toBe(10000);
    },
  );
});

describe("buildFirmData", () => {
  const firms = [
    { id: "low", size: 300, lowLabelShare: 0.8, preTrainEpochs: 0 },
    { id: "high", size: 300, lowLabelShare: 0.2, preTrainEpochs: 2 },
  ];

  it("gives each firm its size with the requested share of labels ≤ the split", async () => {
    const sets = buildFirmData(await loadSubset(), { firms });
    expect(sets.firms).toHaveLength(2);
    for (const [f, share] of [
      [sets.firms[0]!, 0.8],
      [sets.firms[1]!, 0.2],
    ] as const) {
      expect(f.examples.count).toBe(300);
      const below = f.labelCounts.slice(0, 6).reduce((a, b) => a + b, 0);
      expect(below).toBe(300 * share);
      expect(f.empiricalCdfAtSplit).toBe(share);
    }
  });

  it("draws disjoint sets, and the target is the whole test split by default", async () => {
    const data = await loadSubset();
    const sets = buildFirmData(data, { firms });
    const a = new Set(sets.firms[0]!.examples.source);
    expect(sets.firms[1]!.examples.source.some((i) => a.has(i))).toBe(false);
    expect(sets.target.count).toBe(600);
  });

  it("reports that the paper's 0.8/0.2 union has F̂(5) = 0.5 while the balanced target has 0.6", async () => {
    const sets = buildFirmData(await loadSubset(), { firms });
    expect(sets.unionCdfAtSplit).toBe(0.5);
    expect(sets.targetCdfAtSplit).toBe(0.6);
    expect(sets.warnings).toHaveLength(1);
    expect(sets.warnings[0]).toMatch(/not distributed as the target/);
  });

  it("is a function of the seed: same seed same data, other seed other data", async () => {
    const data = await loadSubset();
    const h = (seed: number) => hashExamples(buildFirmData(data, { firms, seed }).firms[0]!.examples);
    expect(h(0)).toBe(h(0));
    expect(h(0)).not.toBe(h(1));
  });

  it("supports any number of firms, a different split and a target subset", async () => {
    const sets = buildFirmData(await loadSubset(), {
      firms: [
        { id: "a", size: 100, lowLabelShare: 1, preTrainEpochs: 0 },
        { id: "b", size: 100, lowLabelShare: 0.5, preTrainEpochs: 0 },
        { id: "c", size: 100, lowLabelShare: 0, preTrainEpochs: 0 },
      ],
      labelSplit: 2,
      targetSize: 150,
    });
    expect(sets.firms.map((f) => f.labelCounts.slice(0, 3).reduce((a, b) => a + b, 0))).toEqual([100, 50, 0]);
    expect(sets.target.count).toBe(150);
  });

  it("rejects impossible requests with the option's name, value and expectation", async () => {
    const data = await loadSubset();
    expect(() =>
      buildFirmData(data, { firms: [{ id: "x", size: 0, lowLabelShare: 0.5, preTrainEpochs: 0 }] }),
    ).toThrow("firms[0].size: expected a positive integer, found 0");
    expect(() =>
      buildFirmData(data, { firms: [{ id: "x", size: 10, lowLabelShare: 1.5, preTrainEpochs: 0 }] }),
    ).toThrow("firms[0].lowLabelShare: expected a number in [0, 1], found 1.5");
    expect(() =>
      buildFirmData(data, { firms: [{ id: "x", size: 1000, lowLabelShare: 1, preTrainEpochs: 0 }] }),
    ).toThrow("firms: need 1000 training examples with labels ≤ 5, the training split has 720");
    expect(() => buildFirmData(data, { firms, targetSize: 601 })).toThrow(
      "targetSize: expected an integer in [1, 600], found 601",
    );
  });
});
