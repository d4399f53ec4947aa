/**
 * Capped training (raise.ts) and the defection-free scheme on real data with accuracy as quality,
 * decided on a validation split and reported on the test split — on the committed subset.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import {
  buildFirmData,
  createClassifierLearner,
  createLogisticRegression,
  createRng,
  type FirmDataSets,
  runExperiment,
} from "../src/index.js";
import { loadSubset } from "./subset.js";

const firms = [
  { id: "low", size: 300, lowLabelShare: 0.8, preTrainEpochs: 0 },
  { id: "high", size: 300, lowLabelShare: 0.2, preTrainEpochs: 10 },
];

let sets: FirmDataSets;

beforeAll(async () => {
  sets = buildFirmData(await loadSubset(), { firms, validationSize: 300 });
}, 60_000);

describe("the validation split", () => {
  it("is drawn from training examples no firm holds, and leaves the firms and the target unchanged", async () => {
    const v = sets.validation!;
    expect(v.count).toBe(300);
    const held = new Set(sets.firms.flatMap((f) => Array.from(f.examples.source)));
    for (const i of v.source) expect(held.has(i)).toBe(false);
    const plain = buildFirmData(await loadSubset(), { firms });
    expect(plain.validation).toBeNull();
    expect(Array.from(plain.firms[0]!.examples.source)).toEqual(Array.from(sets.firms[0]!.examples.source));
    expect(Array.from(plain.target.source)).toEqual(Array.from(sets.target.source));
  });

  it("refuses a size larger than the training examples left over, naming the field", async () => {
    expect(() => buildFirmData(subsetData!, { firms, validationSize: 10_000 })).toThrow(
      /^validationSize: expected an integer in \[0, 600\]/,
    );
  });
});

let subsetData: Awaited<ReturnType<typeof loadSubset>> | undefined;
beforeAll(async () => {
  subsetData = await loadSubset();
});

describe("capped training (Learner.raise)", () => {
  const learner = () => {
    const model = createLogisticRegression({ rng: createRng(3) });
    return createClassifierLearner({
      model,
      pools: { low: sets.firms[0]!.examples, high: sets.firms[1]!.examples },
      target: sets.validation!,
      test: sets.target,
      seed: 5,
    });
  };

  it("never lowers the deployed quality and never deploys above the cap", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 0.12, noNaN: true }), { minLength: 5, maxLength: 12 }),
        (rises) => {
          const l = learner();
          for (const r of rises) {
            const before = l.quality();
            const cap = before + r;
            const moved = l.raise(["low", "high"], cap, 0.05);
            const after = l.quality();
            expect(after).toBeGreaterThanOrEqual(before);
            expect(after).toBeLessThanOrEqual(cap);
            expect(moved).toBe(after !== before);
          }
        },
      ),
      { numRuns: 8 },
    );
  });

  it("lands within a few validation examples of a cap it can reach", () => {
    const l = learner();
    for (let k = 0; k < 3; k++) l.raise(["low", "high"], Number.POSITIVE_INFINITY, 0.05);
    const top = l.quality();
    const fresh = learner();
    const cap = fresh.quality() + 0.5 * (top - fresh.quality());
    for (let k = 0; k < 3; k++) fresh.raise(["low", "high"], cap, 0.05);
    expect(fresh.quality()).toBeLessThanOrEqual(cap);
    expect(fresh.quality()).toBeGreaterThanOrEqual(cap - 5 / 300);
  });

  it("replays a trajectory it has trained (same qualities as training it again), after a restore", () => {
    const a = learner();
    const s = a.snapshot();
    const first: number[] = [];
    for (let k = 0; k < 4; k++) {
      a.raise(["high", "low"], Number.POSITIVE_INFINITY, 0.05);
      first.push(a.quality());
    }
    const steps = a.counters.steps;
    a.restore(s);
    const again: number[] = [];
    for (let k = 0; k < 4; k++) {
      a.raise(["low", "high"], Number.POSITIVE_INFINITY, 0.05);
      again.push(a.quality());
    }
    expect(again).toEqual(first);
    expect(a.counters.steps).toBe(steps); // replayed, not trained
    const b = learner();
    const fresh: number[] = [];
    for (let k = 0; k < 4; k++) {
      b.raise(["low", "high"], Number.POSITIVE_INFINITY, 0.05);
      fresh.push(b.quality());
    }
    expect(fresh).toEqual(first);
  });

  it("reports the deployed model's test quality beside the validation quality", () => {
    const l = learner();
    l.raise(["low", "high"], Number.POSITIVE_INFINITY, 0.05);
    const t = l.testQuality!();
    expect(t).toBeGreaterThan(0.3);
    expect(t).toBeLessThanOrEqual(1);
  });
});

describe("defection-free on real data with accuracy as quality", () => {
  it("reaches N_T ≥ 0.9·N* with no revenue loss, the high firm ends at q_h*, test qualities reported", () => {
    const r = runExperiment(sets, { rounds: 40, schemes: ["defection-free"] });
    const run = r.runs[0]!;
    if (run.kind !== "two-firm") throw new Error("expected a two-firm run");
    const last = run.run.trajectory.at(-1)!;
    expect(run.run.verdict.anyLoss).toBe(false);
    expect(run.run.target.nash).toBeGreaterThan(0);
    expect(last.nash).toBeGreaterThanOrEqual(0.9 * run.run.target.nash);
    expect(last.qh).toBe(r.maxQuality.value);
    expect(last.qlTest).not.toBeNull();
    expect(last.qhTest).not.toBeNull();
    expect(run.run.verdict.stalledAt).toBeNull();
  });
});
