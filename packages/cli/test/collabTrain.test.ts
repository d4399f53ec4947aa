import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { resolveCollabTrainOptions } from "../src/commands/collabTrain.js";
import { ftgArgs } from "./helpers.js";

const SUBSET = join(
  dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "ml",
  "test",
  "fixtures",
  "fashion-mnist-subset",
);
const SMALL = ["--data-dir", SUBSET, "--firm-size", "300", "--no-progress"];

const ftg = ftgArgs;

const tmp = (): string => mkdtempSync(join(tmpdir(), "ftg-collab-train-"));

describe("ftg collab-train", () => {
  it("writes the trajectory as JSON (with seed, data hashes, settings) and CSV, and prints verdicts", async () => {
    const prefix = join(tmp(), "run");
    const r = await ftg([
      "collab-train",
      ...SMALL,
      "--rounds",
      "4",
      "--scheme",
      "defection-free,complete",
      "--seed",
      "3",
      "--out",
      prefix,
    ]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/defection-free .* never +never/);
    expect(r.out).toContain(`wrote ${prefix}.json and ${prefix}.csv`);
    const j = JSON.parse(readFileSync(`${prefix}.json`, "utf8"));
    expect(j.seed).toBe(3);
    expect(j.settings.rounds).toBe(4);
    expect(j.settings.firms).toHaveLength(2);
    expect(Object.keys(j.data.files)).toHaveLength(4);
    expect(j.data.firms[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(j.data.target.count).toBe(600);
    expect(j.runs).toHaveLength(2);
    expect(j.runs[0].trajectory).toHaveLength(5);
    const csv = readFileSync(`${prefix}.csv`, "utf8").trim().split("\n");
    expect(csv).toHaveLength(1 + 2 * 5);
    expect(csv[0]).toBe("scheme,round,q_low,q_high,revenue_low,revenue_high,rho,nash,threshold");
    expect(csv[1]).toMatch(/^defection-free,0,/);
    expect(csv.join("\n")).not.toMatch(/NaN|undefined/);
  });

  it("gives the same files for the same seed", async () => {
    const a = join(tmp(), "a");
    const b = join(tmp(), "b");
    for (const p of [a, b]) {
      expect(
        (await ftg(["collab-train", ...SMALL, "--rounds", "3", "--scheme", "complete", "--out", p])).code,
      ).toBe(0);
    }
    expect(readFileSync(`${a}.csv`, "utf8")).toBe(readFileSync(`${b}.csv`, "utf8"));
    const strip = (p: string) => {
      const j = JSON.parse(readFileSync(`${p}.json`, "utf8"));
      delete j.settings.out;
      return j;
    };
    expect(strip(a)).toEqual(strip(b));
  });

  it("never overwrites an existing file without --force", async () => {
    const prefix = join(tmp(), "run");
    writeFileSync(`${prefix}.csv`, "keep me\n");
    const r = await ftg(["collab-train", ...SMALL, "--rounds", "2", "--out", prefix]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`ftg: error: --out: ${prefix}.csv exists; pass --force to overwrite it\n`);
    expect(readFileSync(`${prefix}.csv`, "utf8")).toBe("keep me\n");
    expect(existsSync(`${prefix}.json`)).toBe(false);
  });

  it("names the missing data set and how to install it", async () => {
    const r = await ftg(["collab-train", "--data-dir", "/nonexistent", "--out", join(tmp(), "x")]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /^ftg: error: Fashion-MNIST: \/nonexistent\/.* not found; install Debian's dataset-fashion-mnist/,
    );
    expect(r.err.split("\n")).toHaveLength(2);
  });

  it("rejects bad flags with one line naming the flag, the value and the expectation", async () => {
    const cases: [string[], string][] = [
      [["--model", "resnet"], '--model: expected "logistic" or "lenet5", found "resnet"'],
      [["--skew", "1.5"], '--skew: expected a number in [0, 1], found "1.5"'],
      [["--rounds", "0"], '--rounds: expected an integer ≥ 1, found "0"'],
      [["--scheme", "fedavg"], '--scheme: expected "all" or a list of'],
      [["--firms", "a:10"], "--firms[0]: expected id:size:lowLabelShare:preTrainEpochs"],
      [["--max-quality", "2"], '--max-quality: expected a number in (0, 1] or "estimate", found "2"'],
      [
        ["--firm-size", "5000"],
        "firms: need 5000 training examples with labels ≤ 5, the training split has 720",
      ],
    ];
    for (const [flags, message] of cases) {
      const r = await ftg([
        "collab-train",
        "--data-dir",
        SUBSET,
        "--no-progress",
        ...flags,
        "--out",
        join(tmp(), "x"),
      ]);
      expect(r.code, flags.join(" ")).toBe(2);
      expect(r.err).toContain(message);
      expect(r.err.trim().split("\n"), flags.join(" ")).toHaveLength(1);
    }
  });

  it("defaults to the paper's setup: two firms of 1,000, skew 0.8/0.2, pre-training 0/10, 200 rounds", () => {
    const s = resolveCollabTrainOptions({});
    expect(s.firms).toEqual([
      { id: "low", size: 1000, lowLabelShare: 0.8, preTrainEpochs: 0 },
      { id: "high", size: 1000, lowLabelShare: 0.2, preTrainEpochs: 10 },
    ]);
    expect(s.rounds).toBe(200);
    expect(s.schemes).toEqual(["defection-free", "complete", "one-sided-low", "one-sided-high"]);
    expect(s.targetSize).toBe(10000);
    expect(resolveCollabTrainOptions({ model: "lenet5" }).targetSize).toBe(1000);
  });
});
