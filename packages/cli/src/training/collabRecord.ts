/**
 * The record `ftg collab-train` writes (`<out>.json`, `<out>.csv`, the round-by-round journal
 * `<out>.journal`) and the summary it prints: serialising runs, reading them back (to resume, to
 * plot, to reproduce figures without retraining), and the summary table.
 *
 * Conventions: qualities, revenues and the Nash target of two-firm runs are by role (`roles`
 * says which firm plays which; roles go by starting quality). `ql`/`qh` are the qualities the
 * schemes decide on (the validation set when there is one), `qlTest`/`qhTest` the test set's.
 * Numbers are rounded to 10 significant digits so files are stable and readable.
 */
import type { NFirmRun, Scheme, SchemeRun } from "@ftg/core";
import type {
  ExperimentResult,
  ExperimentRun,
  FirmDataSets,
  FirmSpec,
  MaxQualitySpec,
  ModelKind,
  QualityMeasure,
} from "@ftg/ml";
import { hashExamples, type LoadedImages } from "@ftg/ml/node";
import { csvText } from "../io/csv.js";
import { fmt, table } from "../io/format.js";

/** The fully resolved settings of a run (recorded in the JSON). */
export interface CollabTrainSettings {
  readonly model: ModelKind;
  /**
   * "ours" (default): capped training of working copies on a validation split; "paper": what the
   * authors' script does (packages/ml/src/paper.ts, docs/real-data.md).
   */
  readonly protocol: "ours" | "paper";
  readonly schemes: readonly Scheme[];
  readonly rounds: number;
  readonly stepSize: number | "auto";
  readonly batchSize: number | "full";
  readonly measure: QualityMeasure;
  readonly firms: readonly FirmSpec[];
  /** Learning rate of the firms' pre-training. */
  readonly preTrainStepSize: number;
  readonly labelSplit: number;
  /** Test examples in the target; "auto": 10,000 (logistic) or 1,000 (LeNet-5), at most the test split. */
  readonly targetSize: number | "auto";
  /**
   * Validation examples (training examples no firm holds) on which the schemes decide; "auto":
   * 10,000 (logistic) or 1,000 (LeNet-5), at most what is left over.
   */
  readonly validationSize: number | "auto";
  /** Rounds without movement after which a run is reported stalled. */
  readonly stallRounds: number;
  readonly stopOnStall: boolean;
  readonly maxQuality: MaxQualitySpec;
  readonly seed: number;
  /** Seeds run (each scheme once per seed); `seed` is the first. */
  readonly seeds: readonly number[];
  readonly dataDir: string | null;
  readonly out: string;
}

/** Rounds non-integers to 10 significant digits so files are stable and readable. */
export function clean(x: number | null): number | null {
  if (x === null || !Number.isFinite(x)) return null;
  return Number.isInteger(x) ? x : Number(x.toPrecision(10));
}

/** JSON with every number {@link clean}ed. */
export function cleanJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, (_k, v) => (typeof v === "number" ? clean(v) : v), indent);
}

/** One run as recorded (JSON): what a scheme did, by role. */
export interface RunRecord {
  readonly scheme: string;
  readonly seed: number;
  /** Two firms: which firm plays each role. */
  readonly roles?: SchemeRun["roles"];
  /** N firms: their ids, and their ranking by starting quality. */
  readonly firms?: string[];
  readonly ranking?: string[];
  readonly target: unknown;
  readonly verdict: unknown;
  readonly warnings: readonly string[];
  readonly counters: unknown;
  readonly trajectory: readonly unknown[];
}

/** The record of one run. */
export function runRecord(r: ExperimentRun, seed: number): RunRecord {
  if (r.kind === "two-firm") {
    return {
      scheme: r.run.scheme,
      seed,
      roles: r.run.roles,
      target: r.run.target,
      verdict: r.run.verdict,
      warnings: r.run.warnings,
      counters: r.counters,
      trajectory: r.run.trajectory,
    };
  }
  return {
    scheme: "defection-free",
    seed,
    firms: r.run.ids,
    ranking: r.run.ranking,
    target: r.run.target,
    verdict: {
      firstLoss: r.run.firstLoss,
      anyLoss: r.run.anyLoss,
      distance: r.run.distance,
      converged: r.run.converged,
    },
    warnings: r.run.warnings,
    counters: r.counters,
    trajectory: r.run.trajectory,
  };
}

/** A run read back from its record (the inverse of {@link runRecord}, up to the rounding of numbers). */
export function runFromRecord(rec: RunRecord): ExperimentRun {
  const counters = rec.counters as ExperimentRun["counters"];
  if (rec.firms === undefined) {
    const run = {
      scheme: rec.scheme,
      roles: rec.roles,
      target: rec.target,
      trajectory: rec.trajectory,
      verdict: rec.verdict,
      warnings: rec.warnings,
    } as unknown as SchemeRun;
    return { kind: "two-firm", run, counters };
  }
  const v = rec.verdict as Pick<NFirmRun, "firstLoss" | "anyLoss" | "distance" | "converged">;
  const run = {
    ids: rec.firms,
    ranking: rec.ranking ?? rec.firms,
    target: rec.target,
    trajectory: rec.trajectory,
    ...v,
    warnings: rec.warnings,
  } as unknown as NFirmRun;
  return { kind: "n-firm", run, counters };
}

const TWO_FIRM_COLUMNS = [
  "seed",
  "scheme",
  "round",
  "q_low",
  "q_high",
  "revenue_low",
  "revenue_high",
  "rho",
  "nash",
  "threshold",
  "q_low_test",
  "q_high_test",
];

/** The trajectories as CSV: one row per seed, scheme and round. */
export function trajectoryCsv(
  runs: readonly { readonly seed: number; readonly run: ExperimentRun }[],
): string {
  const first = runs[0]?.run;
  if (first === undefined) return "";
  if (first.kind === "two-firm") {
    const rows = runs.flatMap(({ seed, run: r }) =>
      r.kind !== "two-firm"
        ? []
        : r.run.trajectory.map((t) => [
            seed,
            r.run.scheme,
            t.round,
            ...[
              t.ql,
              t.qh,
              t.revenueLow,
              t.revenueHigh,
              t.rho,
              t.nash,
              t.threshold,
              t.qlTest ?? null,
              t.qhTest ?? null,
            ].map(clean),
          ]),
    );
    return csvText(TWO_FIRM_COLUMNS, rows);
  }
  const ids = first.run.ids;
  const rows = runs.flatMap(({ seed, run: r }) =>
    r.kind !== "n-firm"
      ? []
      : r.run.trajectory.map((t) => [
          seed,
          "defection-free",
          t.round,
          ...[...t.qualities, ...t.revenues, t.nash].map(clean),
        ]),
  );
  return csvText(
    ["seed", "scheme", "round", ...ids.map((id) => `q_${id}`), ...ids.map((id) => `revenue_${id}`), "nash"],
    rows,
  );
}

/** Where the data came from: files, their hashes, and each firm's, the validation and the target examples. */
export function provenance(data: LoadedImages, sets: FirmDataSets) {
  return {
    name: data.name,
    dir: data.dir,
    files: data.sha256,
    debianFashionMnist: data.debianFashionMnist,
    labelSplit: sets.labelSplit,
    firms: sets.firms.map((f) => ({
      ...f.spec,
      labelCounts: f.labelCounts,
      empiricalCdfAtSplit: f.empiricalCdfAtSplit,
      sha256: hashExamples(f.examples),
    })),
    validation:
      sets.validation === null
        ? null
        : { count: sets.validation.count, sha256: hashExamples(sets.validation) },
    target: {
      count: sets.target.count,
      labelCounts: sets.targetLabelCounts,
      sha256: hashExamples(sets.target),
    },
    unionCdfAtSplit: sets.unionCdfAtSplit,
    targetCdfAtSplit: sets.targetCdfAtSplit,
  };
}

/** N_T ÷ N* of a two-firm run (null when N* is 0). */
export function nashShare(run: SchemeRun): number | null {
  const last = run.trajectory[run.trajectory.length - 1]!;
  return run.target.nash > 0 ? last.nash / run.target.nash : null;
}

/** Mean and sample standard deviation (0 for one value). */
export function meanSd(xs: readonly number[]): { mean: number; sd: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = xs.length > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1)) : 0;
  return { mean, sd };
}

/** The summary table `collab-train` prints on stdout (one row per seed and scheme; mean ± sd across seeds). */
export function summary(
  result: Pick<
    ExperimentResult,
    "model" | "measure" | "stepSize" | "preTrainStepSize" | "start" | "maxQuality"
  >,
  runs: readonly { readonly seed: number; readonly run: ExperimentRun }[],
  dataName: string,
  qualityOn = "validation; test beside it",
): string {
  const rows: string[][] = [];
  const loss = (e: { round: number } | null) => (e === null ? "never" : `round ${e.round}`);
  for (const { seed, run: r } of runs) {
    if (r.kind === "two-firm") {
      const last = r.run.trajectory[r.run.trajectory.length - 1]!;
      const share = nashShare(r.run);
      rows.push([
        String(seed),
        r.run.scheme,
        fmt(last.ql, 4),
        fmt(last.qh, 4),
        last.qlTest === null ? "" : `${fmt(last.qlTest, 4)} / ${fmt(last.qhTest ?? Number.NaN, 4)}`,
        loss(r.run.verdict.firstLoss.low),
        loss(r.run.verdict.firstLoss.high),
        share === null ? "" : fmt(share, 4),
        r.run.verdict.stalledAt === null ? "" : `round ${r.run.verdict.stalledAt}`,
      ]);
    } else {
      const last = r.run.trajectory[r.run.trajectory.length - 1]!;
      rows.push([
        String(seed),
        "defection-free (N firms)",
        last.qualities.map((q) => fmt(q, 4)).join(" "),
        "",
        "",
        r.run.anyLoss ? "some firm" : "never",
        "",
        r.run.target.nash > 0 ? fmt(last.nash / r.run.target.nash, 4) : "",
        "",
      ]);
    }
  }
  const seeds = new Set(runs.map((r) => r.seed));
  const spread: string[] = [];
  if (seeds.size > 1) {
    const schemes = [...new Set(runs.map((r) => (r.run.kind === "two-firm" ? r.run.run.scheme : "")))];
    for (const scheme of schemes) {
      const shares = runs
        .map((r) => (r.run.kind === "two-firm" && r.run.run.scheme === scheme ? nashShare(r.run.run) : null))
        .filter((x): x is number => x !== null);
      if (shares.length === 0) continue;
      const { mean, sd } = meanSd(shares);
      const lost = runs.filter(
        (r) => r.run.kind === "two-firm" && r.run.run.scheme === scheme && r.run.run.verdict.anyLoss,
      ).length;
      spread.push(
        `${scheme}: N_T/N* = ${fmt(mean, 4)} ± ${fmt(sd, 3)} (mean ± sd over ${shares.length} seeds); a firm lost revenue in ${lost} of them`,
      );
    }
  }
  const start = result.start.map((s) => `${s.id} ${fmt(s.quality, 4)}`).join(", ");
  const head = [
    `model ${result.model} on ${dataName}, quality = ${result.measure === "accuracy" ? "1 − error rate" : "1 − normalised loss"} (${qualityOn})`,
    `step size ${fmt(result.stepSize.value, 4)}${result.stepSize.smoothness === null ? "" : ` (1/L, L = ${fmt(result.stepSize.smoothness, 4)})`}, pre-training ${fmt(result.preTrainStepSize, 4)}; start: ${start}; q_h* = ${fmt(result.maxQuality.value, 4)} (${result.maxQuality.method})`,
    "",
  ];
  const body = table(
    [
      "seed",
      "scheme",
      "q_low",
      "q_high",
      "test q_low / q_high",
      "low lost",
      "high lost",
      "N_T/N*",
      "stalled",
    ],
    rows,
  );
  return [...head, body, ...spread, ""].join("\n");
}
