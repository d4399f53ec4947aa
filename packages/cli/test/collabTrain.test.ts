import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { resolveCollabTrainOptions } from "../src/training/collabOptions.js";
import { runCollabTrain } from "../src/training/collabRun.js";
import { formatDuration, progressLine } from "../src/training/progress.js";
import { ftgArgs, SUBSET_DIR } from "./helpers.js";
import { tempDir } from "./tempDirs.js";

const SMALL = ["--data-dir", SUBSET_DIR, "--firm-size", "300", "--no-progress"];

const ftg = ftgArgs;

const tmp = (): string => tempDir("ftg-collab-train-");

/**
 * Expects the runs written with prefixes `a` and `b` to be the same: the same CSV, the same JSON
 * record apart from its own `--out`. Returns `a`'s record (without `settings.out`).
 */
function expectSameFiles(a: string, b: string) {
  expect(readFileSync(`${a}.csv`, "utf8")).toBe(readFileSync(`${b}.csv`, "utf8"));
  const strip = (p: string) => {
    const j = JSON.parse(readFileSync(`${p}.json`, "utf8"));
    delete j.settings.out;
    return j;
  };
  const record = strip(a);
  expect(record).toEqual(strip(b));
  return record;
}

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
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/defection-free .* never +never/);
    // status lines go to stderr, the summary to stdout
    expect(r.err).toContain(`collab-train: wrote ${prefix}.json and ${prefix}.csv\n`);
    expect(r.err).toContain("not the files of Debian's dataset-fashion-mnist");
    expect(r.out).toContain("on the IDX data set in");
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
    expect(csv[0]).toBe(
      "seed,scheme,round,q_low,q_high,revenue_low,revenue_high,rho,nash,threshold,q_low_test,q_high_test",
    );
    expect(csv[1]).toMatch(/^3,defection-free,0,/);
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
    expectSameFiles(a, b);
  });

  it("gives the same files with the target evaluated on one thread or two (logistic regression)", async () => {
    const a = join(tmp(), "one");
    const b = join(tmp(), "two");
    const flags = ["collab-train", ...SMALL, "--rounds", "4", "--scheme", "defection-free,complete"];
    expect((await ftg([...flags, "--threads", "1", "--out", a])).code).toBe(0);
    expect((await ftg([...flags, "--threads", "2", "--out", b])).code).toBe(0);
    expectSameFiles(a, b);
  });

  it("gives the same files with the target evaluated on one thread or two (LeNet-5)", async () => {
    const a = join(tmp(), "one");
    const b = join(tmp(), "two");
    const flags = [
      "collab-train",
      "--data-dir",
      SUBSET_DIR,
      "--no-progress",
      "--model",
      "lenet5",
      "--firm-size",
      "100",
      "--pretrain",
      "0,2",
      "--target-size",
      "61",
      "--validation-size",
      "61",
      "--max-quality",
      "0.5",
      "--rounds",
      "3",
      "--scheme",
      "defection-free,complete",
    ];
    expect((await ftg([...flags, "--threads", "1", "--out", a])).code).toBe(0);
    expect((await ftg([...flags, "--threads", "2", "--out", b])).code).toBe(0);
    const one = expectSameFiles(a, b);
    const counters = Object.values(one.runs[0].counters) as { evaluations: number }[];
    expect(counters.some((c) => c.evaluations > 0)).toBe(true);
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
      [["--threads", "4"], '--threads: expected 1, 2 or "auto", found "4"'],
      [["--pretrain-step-size", "0"], '--pretrain-step-size: expected a number > 0, found "0"'],
      [
        ["--firm-size", "5000"],
        "firms: need 5000 training examples with labels ≤ 5, the training split has 720",
      ],
    ];
    for (const [flags, message] of cases) {
      const r = await ftg([
        "collab-train",
        "--data-dir",
        SUBSET_DIR,
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

  it("prints status lines, not a progress bar, when stderr is not a terminal; nothing with --no-progress", async () => {
    const prefix = join(tmp(), "run");
    const args = ["collab-train", "--data-dir", SUBSET_DIR, "--firm-size", "300", "--rounds", "3"];
    const r = await ftg([...args, "--scheme", "defection-free,complete", "--out", prefix]);
    expect(r.code).toBe(0);
    const lines = r.err.trim().split("\n");
    expect(lines[0]).toMatch(
      /^collab-train: journal .*run\.journal; if interrupted, rerun the same command to resume$/,
    );
    expect(lines[1]).toBe("collab-train: seed 0: setting up the firms (pre-training, estimating q_h*)");
    expect(lines).toContain("collab-train: seed 0: complete (run 2 of 2)");
    expect(lines).toContainEqual(
      expect.stringMatching(/^collab-train: seed 0: defection-free done · .* · N_T\/N\* = /),
    );
    expect(lines.some((l) => l.startsWith("["))).toBe(false);
    const quiet = await ftg([...args, "--scheme", "complete", "--no-progress", "--out", join(tmp(), "q")]);
    expect(quiet.code).toBe(0);
    expect(quiet.err).not.toMatch(/^\[|setting up|journal/m);
  });

  it("draws a progress bar with an ETA when stderr is a terminal", async () => {
    let err = "";
    const stderr = Object.assign(
      new Writable({
        write(c, _e, cb) {
          err += String(c);
          cb();
        },
      }),
      { isTTY: true },
    );
    const s = resolveCollabTrainOptions({
      dataDir: SUBSET_DIR,
      firmSize: "300",
      rounds: "3",
      scheme: "complete",
      out: join(tmp(), "t"),
    });
    await runCollabTrain(s, { stdout: stderr, stderr, stdin: process.stdin } as never, {
      progress: true,
      threads: 1,
    });
    expect(err).toMatch(/\r\[█{20}\] 100% · complete round 3\/3 · scheme 1\/1 · .* · ETA 0\.0 s/);
  });

  it("progress line: bar over all rounds of all schemes, ETA from the finished rounds", () => {
    const p = {
      scheme: "complete",
      schemeIndex: 1,
      schemes: 2,
      rounds: 100,
      elapsed: 80,
      trainingElapsed: 60,
    };
    expect(progressLine({ ...p, round: 50 })).toBe(
      "[███████████████░░░░░] 75% · complete round 50/100 · scheme 2/2 · 1 min 20 s · ETA 20.0 s",
    );
    expect(progressLine({ ...p, schemeIndex: 0, round: 0 })).toMatch(/^\[░{20}\] 0% · .* · ETA …$/);
    expect([formatDuration(12.34), formatDuration(185), formatDuration(3720), formatDuration(-1)]).toEqual([
      "12.3 s",
      "3 min 05 s",
      "1 h 02 min",
      "?",
    ]);
  });

  it("defaults to the paper's setup: two firms of 1,000, skew 0.8/0.2, pre-training 0/10, 200 rounds", () => {
    const s = resolveCollabTrainOptions({});
    expect(s.firms).toEqual([
      { id: "low", size: 1000, lowLabelShare: 0.8, preTrainEpochs: 0 },
      { id: "high", size: 1000, lowLabelShare: 0.2, preTrainEpochs: 10 },
    ]);
    expect(s.rounds).toBe(200);
    expect(s.schemes).toEqual(["defection-free", "complete", "one-sided-low", "one-sided-high"]);
    expect(s.targetSize).toBe("auto");
    expect(s.validationSize).toBe("auto");
    expect(resolveCollabTrainOptions({ model: "lenet5" }).rounds).toBe(50);
    // pre-training: the paper's 0.01, except LeNet-5, which it leaves at chance (docs Finding 6)
    expect(s.preTrainStepSize).toBe(0.01);
    expect(resolveCollabTrainOptions({ model: "lenet5" }).preTrainStepSize).toBe(0.05);
    expect(resolveCollabTrainOptions({ pretrainStepSize: "0.2" }).preTrainStepSize).toBe(0.2);
  });
});
