/**
 * The options of `ftg collab-train` (and of `ftg reproduce --real`): the flags as commander
 * parses them, validated into the fully resolved {@link CollabTrainSettings} the run records,
 * with the defaults that depend on the model and the protocol. Errors name the flag.
 */
import { availableParallelism } from "node:os";
import { SCHEMES, type Scheme } from "@ftg/core";
import {
  type FirmSpec,
  type MaxQualitySpec,
  type ModelKind,
  PAPER_FIRMS,
  PRETRAIN_STEP_SIZE,
  type QualityMeasure,
} from "@ftg/ml";
import { UserError } from "../errors.js";
import type { CollabTrainSettings } from "./collabRecord.js";

/** Options of the command, as commander parses them (all strings). */
export interface CollabTrainCommandOptions {
  readonly model?: string;
  readonly scheme?: string;
  readonly rounds?: string;
  readonly stepSize?: string;
  readonly batchSize?: string;
  readonly measure?: string;
  readonly firmSize?: string;
  readonly skew?: string;
  readonly labelSplit?: string;
  readonly pretrain?: string;
  readonly pretrainStepSize?: string;
  readonly firms?: string;
  readonly targetSize?: string;
  readonly maxQuality?: string;
  readonly maxQualityEpochs?: string;
  readonly seed?: string;
  readonly seeds?: string;
  readonly dataDir?: string;
  readonly out?: string;
  readonly force?: boolean;
  readonly progress?: boolean;
  readonly threads?: string;
  readonly validationSize?: string;
  readonly stallRounds?: string;
  readonly stopOnStall?: boolean;
  readonly protocol?: string;
}

function num(flag: string, text: string, ok: (x: number) => boolean, expect: string): number {
  const x = Number(text);
  if (text.trim() === "" || !Number.isFinite(x) || !ok(x)) {
    throw new UserError(`${flag}: expected ${expect}, found ${JSON.stringify(text)}`);
  }
  return x;
}

const int = (flag: string, text: string, min: number): number =>
  num(flag, text, (x) => Number.isInteger(x) && x >= min, `an integer ≥ ${min}`);

/** Validates the flags and fills in the defaults (which depend on the model). */
export function resolveCollabTrainOptions(opts: CollabTrainCommandOptions): CollabTrainSettings {
  const protocol = (opts.protocol ?? "ours") as "ours" | "paper";
  if (protocol !== "ours" && protocol !== "paper") {
    throw new UserError(`--protocol: expected "ours" or "paper", found ${JSON.stringify(opts.protocol)}`);
  }
  const named = opts.model ?? (protocol === "paper" ? "lenet5" : "logistic");
  if (named !== "logistic" && named !== "lenet5") {
    throw new UserError(`--model: expected "logistic" or "lenet5", found ${JSON.stringify(opts.model)}`);
  }
  // The script's LeNet has tanh activations.
  const model: ModelKind = protocol === "paper" && named === "lenet5" ? "lenet5-tanh" : named;
  if (protocol === "paper") {
    for (const [flag, v] of [
      ["--firms", opts.firms],
      ["--skew", opts.skew],
      ["--step-size", opts.stepSize],
      ["--batch-size", opts.batchSize],
      ["--measure", opts.measure],
      ["--max-quality", opts.maxQuality],
      ["--validation-size", opts.validationSize],
      ["--pretrain-step-size", opts.pretrainStepSize],
      ["--seeds", undefined],
    ] as const) {
      if (v !== undefined)
        throw new UserError(`${flag}: not a setting of --protocol paper (the script fixes it)`);
    }
  }
  const schemeText = opts.scheme ?? "all";
  const schemes =
    schemeText === "all"
      ? [...SCHEMES]
      : schemeText.split(",").map((s) => {
          const name = s.trim() as Scheme;
          if (!SCHEMES.includes(name)) {
            throw new UserError(
              `--scheme: expected "all" or a list of ${SCHEMES.join(", ")}, found ${JSON.stringify(s)}`,
            );
          }
          return name;
        });
  const measure = (opts.measure ?? "accuracy") as QualityMeasure;
  if (measure !== "accuracy" && measure !== "loss") {
    throw new UserError(`--measure: expected "accuracy" or "loss", found ${JSON.stringify(opts.measure)}`);
  }
  // A round is one epoch per firm; LeNet-5's epochs are ~50× dearer than logistic regression's.
  const rounds =
    opts.rounds === undefined
      ? model === "lenet5" && protocol === "ours"
        ? 50
        : 200
      : int("--rounds", opts.rounds, 1);
  const stepSize =
    opts.stepSize === undefined || opts.stepSize === "auto"
      ? "auto"
      : num("--step-size", opts.stepSize, (x) => x > 0, 'a number > 0 or "auto"');
  const batchSize =
    opts.batchSize === undefined
      ? 64
      : opts.batchSize === "full"
        ? "full"
        : int("--batch-size", opts.batchSize, 1);
  const labelSplit = opts.labelSplit === undefined ? 5 : int("--label-split", opts.labelSplit, 0);
  if (labelSplit > 8)
    throw new UserError(`--label-split: expected an integer in [0, 8], found ${labelSplit}`);
  let firms: FirmSpec[];
  if (opts.firms !== undefined) {
    if (opts.firmSize !== undefined || opts.skew !== undefined || opts.pretrain !== undefined) {
      throw new UserError("--firms: give either --firms or --firm-size/--skew/--pretrain, not both");
    }
    firms = opts.firms.split(",").map((part, i) => {
      const fields = part.split(":");
      if (fields.length !== 4 || fields[0]!.trim() === "") {
        throw new UserError(
          `--firms[${i}]: expected id:size:lowLabelShare:preTrainEpochs (e.g. low:1000:0.8:0), found ${JSON.stringify(part)}`,
        );
      }
      return {
        id: fields[0]!.trim(),
        size: int(`--firms[${i}].size`, fields[1]!, 1),
        lowLabelShare: num(
          `--firms[${i}].lowLabelShare`,
          fields[2]!,
          (x) => x >= 0 && x <= 1,
          "a number in [0, 1]",
        ),
        preTrainEpochs: int(`--firms[${i}].preTrainEpochs`, fields[3]!, 0),
      };
    });
    const ids = new Set(firms.map((f) => f.id));
    if (ids.size !== firms.length) throw new UserError(`--firms: expected distinct ids, found ${opts.firms}`);
    if (firms.length === 2 && !(firms[0]!.id === "low" && firms[1]!.id === "high")) {
      throw new UserError(
        `--firms: with two firms the ids must be low then high, found ${firms.map((f) => f.id).join(", ")}`,
      );
    }
    if (firms.length < 2) throw new UserError(`--firms: expected at least two firms, found ${firms.length}`);
  } else {
    const size = opts.firmSize === undefined ? 1000 : int("--firm-size", opts.firmSize, 1);
    const skew =
      opts.skew === undefined ? 0.8 : num("--skew", opts.skew, (x) => x >= 0 && x <= 1, "a number in [0, 1]");
    let pre: [number, number] = [PAPER_FIRMS[0]!.preTrainEpochs, PAPER_FIRMS[1]!.preTrainEpochs];
    if (opts.pretrain !== undefined) {
      const parts = opts.pretrain.split(",");
      if (parts.length !== 2) {
        throw new UserError(
          `--pretrain: expected low,high epochs (e.g. 0,10), found ${JSON.stringify(opts.pretrain)}`,
        );
      }
      pre = [int("--pretrain (low)", parts[0]!, 0), int("--pretrain (high)", parts[1]!, 0)];
    }
    firms = [
      { id: "low", size, lowLabelShare: skew, preTrainEpochs: pre[0] },
      // Rounded so that 1 − 0.8 is recorded as 0.2, not 0.19999999999999996.
      { id: "high", size, lowLabelShare: Math.round((1 - skew) * 1e12) / 1e12, preTrainEpochs: pre[1] },
    ];
  }
  if (firms.length > 2 && schemes.some((s) => s !== "defection-free")) {
    if (opts.scheme !== undefined) {
      throw new UserError(
        `--scheme: with ${firms.length} firms only "defection-free" (Appendix B) is available`,
      );
    }
  }
  const targetSize =
    opts.targetSize === undefined || opts.targetSize === "auto"
      ? "auto"
      : int("--target-size", opts.targetSize, 1);
  const validationSize =
    opts.validationSize === undefined || opts.validationSize === "auto"
      ? "auto"
      : int("--validation-size", opts.validationSize, 0);
  let maxQuality: MaxQualitySpec;
  if (opts.maxQuality === undefined || opts.maxQuality === "estimate") {
    const epochs =
      opts.maxQualityEpochs === undefined ? rounds : int("--max-quality-epochs", opts.maxQualityEpochs, 1);
    maxQuality = { method: "estimate", epochs };
  } else {
    maxQuality = {
      method: "given",
      value: num(
        "--max-quality",
        opts.maxQuality,
        (x) => x > 0 && x <= 1,
        'a number in (0, 1] or "estimate"',
      ),
    };
  }
  const preTrainStepSize =
    opts.pretrainStepSize === undefined
      ? PRETRAIN_STEP_SIZE[model]
      : num("--pretrain-step-size", opts.pretrainStepSize, (x) => x > 0, "a number > 0");
  const seedOf = (flag: string, text: string): number =>
    num(flag, text, (x) => Number.isInteger(x) && x >= 0 && x < 2 ** 32, "an integer in [0, 2^32)");
  if (opts.seed !== undefined && opts.seeds !== undefined) {
    throw new UserError("--seeds: give either --seed or --seeds, not both");
  }
  let seeds: number[] = [opts.seed === undefined ? 0 : seedOf("--seed", opts.seed)];
  if (opts.seeds !== undefined) {
    const range = /^\s*(\d+)\s*\.\.\s*(\d+)\s*$/.exec(opts.seeds);
    if (range !== null) {
      const [from, to] = [seedOf("--seeds", range[1]!), seedOf("--seeds", range[2]!)];
      if (to < from || to - from >= 1000) {
        throw new UserError(
          `--seeds: expected a range a..b with a ≤ b (at most 1000 seeds), found ${JSON.stringify(opts.seeds)}`,
        );
      }
      seeds = Array.from({ length: to - from + 1 }, (_, i) => from + i);
    } else {
      seeds = opts.seeds.split(",").map((t) => seedOf("--seeds", t.trim()));
      if (new Set(seeds).size !== seeds.length) {
        throw new UserError(`--seeds: expected distinct seeds, found ${JSON.stringify(opts.seeds)}`);
      }
    }
  }
  return {
    model,
    protocol,
    schemes: firms.length > 2 ? ["defection-free"] : schemes,
    rounds,
    stepSize,
    batchSize,
    measure,
    firms,
    preTrainStepSize,
    labelSplit,
    targetSize,
    validationSize,
    stallRounds: opts.stallRounds === undefined ? 25 : int("--stall-rounds", opts.stallRounds, 1),
    stopOnStall: opts.stopOnStall === true,
    maxQuality,
    seed: seeds[0]!,
    seeds,
    dataDir: opts.dataDir ?? null,
    out: opts.out ?? "collab-train",
  };
}

/**
 * Threads evaluating the target: "1" or "2", or "auto" (the default) — 2 when the machine has two
 * cores or more. Not a setting of the run: results are identical either way.
 */
export function resolveThreads(text: string | undefined): 1 | 2 {
  if (text === undefined || text === "auto") return availableParallelism() >= 2 ? 2 : 1;
  if (text === "1" || text === "2") return Number(text) as 1 | 2;
  throw new UserError(`--threads: expected 1, 2 or "auto", found ${JSON.stringify(text)}`);
}
