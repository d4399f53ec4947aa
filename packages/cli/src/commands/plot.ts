/**
 * `ftg plot <scenario> [--out file.svg|.png|.json] [--force]`: the natural figure of a scenario,
 * from the same plot specifications as `ftg reproduce` and the web explorer:
 * - fine-tuning: every player's utility against δ, the Pareto set shaded, every solution marked,
 *   the specialists' regimes along δ; above SPECIALIST_LINES_UP_TO (nine) specialists the
 *   many-specialists figure instead: G's utility, one highlighted specialist (`--highlight NAME`,
 *   default the first) with the spread of all specialists as bands, and the regime counts;
 * - collaboration: qualities, revenues and the Nash product over the rounds of the scheme;
 * - market: prices, demands and revenues against the firms' qualities;
 * - openness: the regulatory region map over (θ, p) with the indifference curve.
 * Without --out the SVG goes to standard output.
 */
import {
  crowdCurvesData,
  crowdCurvesSpec,
  fineTuningGameFromScenario,
  fineTuningScenarioSchema,
  lineChartSpec,
  NonFiniteError,
  opennessModelFromScenario,
  opennessScenarioSchema,
  panels,
  type RecordedRun,
  type Row,
  recordedRunsSpec,
  regionMap,
  ScenarioError,
  SPECIALIST_LINES_UP_TO,
  solveFineTuning,
  UnboundedUtilityError,
  utilityCurvesData,
  utilityCurvesSpec,
  type VegaLiteSpec,
} from "@ftg/core";
import { UserError } from "../errors.js";
import { readScenario } from "../io/readScenario.js";
import type { Io } from "../io/streams.js";
import { validate } from "../io/validate.js";
import { MODELS } from "../models/index.js";
import { figureFormat, guardOverwrite, renderSvg, writeFigure } from "../render/render.js";

/** Flags of `ftg plot`. */
export interface PlotFlags {
  readonly out?: string;
  readonly force?: boolean;
  readonly samples?: string;
  /** Fine-tuning, more than nine specialists: the specialist drawn as a line. */
  readonly highlight?: string;
}

/** Options of {@link plotSpec}. */
export interface PlotOptions {
  /** Fine-tuning: grid points over δ (default 201). */
  readonly samples?: number;
  /**
   * Fine-tuning with more than {@link SPECIALIST_LINES_UP_TO} specialists: the specialist drawn as
   * a line (default the first). Must name a specialist whatever their number.
   */
  readonly highlight?: string;
}

/** The names of a list, the first few of a long one. */
function someOf(names: readonly string[], shown = 6): string {
  return names.length <= shown
    ? names.join(", ")
    : `${names.slice(0, shown).join(", ")}, … (${names.length} specialists)`;
}

function guard<T>(label: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof ScenarioError || e instanceof UnboundedUtilityError || e instanceof NonFiniteError)
      throw new UserError(`${label}: ${e.message}`);
    throw e;
  }
}

const trajectoryChart = (rows: Row[], title: string) =>
  lineChartSpec({
    title,
    data: rows,
    x: { field: "round", title: "round t" },
    y: { field: "value", title, zero: true },
    series: "series",
    seriesTitle: "",
    width: 280,
    height: 200,
  });

/**
 * The figure of a `collab-train` record (its JSON): per scheme the qualities with ρ and ρ*, the
 * revenues, the revenue gains and the Nash product with N*, without retraining; several seeds
 * are drawn as mean lines with min–max bands.
 */
function recordSpec(raw: unknown, label: string): VegaLiteSpec {
  const rec = raw as {
    runs?: unknown;
    seeds?: number[];
    settings?: { model?: string; rounds?: number; protocol?: string };
    data?: { name?: string };
  };
  const runs = rec.runs;
  const ok =
    Array.isArray(runs) &&
    runs.length > 0 &&
    runs.every(
      (r) =>
        typeof r === "object" &&
        r !== null &&
        typeof (r as RecordedRun).scheme === "string" &&
        Array.isArray((r as RecordedRun).trajectory) &&
        (r as RecordedRun).trajectory.length > 0,
    );
  if (!ok) throw new UserError(`${label}: runs: expected the non-empty list of runs collab-train writes`);
  const list = runs as (RecordedRun & { firms?: unknown })[];
  if (list.some((r) => r.firms !== undefined || typeof r.trajectory[0]!.ql !== "number")) {
    throw new UserError(`${label}: runs: only two-firm runs are drawn; this record has N-firm runs`);
  }
  const seeds = rec.seeds ?? [];
  return recordedRunsSpec(list, {
    title: `collab-train: ${rec.settings?.model ?? "?"} on ${rec.data?.name ?? "?"}`,
    subtitle: `${label}; ${seeds.length > 1 ? `seeds ${seeds.join(", ")}` : `seed ${seeds[0] ?? 0}`}; ${rec.settings?.protocol === "paper" ? "the authors' script: qualities on the test set" : "qualities on the validation set, by role"}`,
  });
}

/** The figure specification of a raw scenario. */
export async function plotSpec(
  raw: unknown,
  label: string,
  io: Io,
  options: PlotOptions = {},
): Promise<VegaLiteSpec> {
  const samples = options.samples ?? 201;
  if ((raw as { tool?: unknown } | null)?.tool === "ftg collab-train") return recordSpec(raw, label);
  const model = (raw as { model?: unknown } | null)?.model ?? "fine-tuning";
  const title = (raw as { title?: unknown }).title;
  const subtitle = typeof title === "string" ? title : label;
  if (options.highlight !== undefined && model !== "fine-tuning")
    throw new UserError(
      `--highlight: "${options.highlight}" names a specialist, but ${label} is a ${String(model)} scenario`,
    );
  switch (model) {
    case "fine-tuning": {
      const sc = validate(fineTuningScenarioSchema, raw, label);
      const game = guard(label, () => fineTuningGameFromScenario(sc));
      const names = game.specialists.map((s) => s.name);
      if (options.highlight !== undefined && !names.includes(options.highlight))
        throw new UserError(
          `--highlight: "${options.highlight}" is not a specialist of ${label}; expected one of ${someOf(names)}`,
        );
      const result = guard(label, () => solveFineTuning(game));
      if (names.length <= SPECIALIST_LINES_UP_TO)
        return utilityCurvesSpec(
          guard(label, () => utilityCurvesData(game, result, { samples })),
          { subtitle },
        );
      const highlight = options.highlight ?? names[0]!;
      return crowdCurvesSpec(
        guard(label, () => crowdCurvesData(game, result, { samples, highlight })),
        {
          subtitle: `${subtitle}; ${names.length} specialists, ${highlight} drawn as a line, grey bands: the spread of all`,
        },
      );
    }
    case "openness": {
      const sc = validate(opennessScenarioSchema, raw, label);
      const m = opennessModelFromScenario(sc);
      const bargaining = typeof m.delta === "object";
      return regionMap(
        m,
        `Regulatory regions over (θ, p) — ${subtitle}`,
        bargaining ? 21 : 61,
        0.5,
        bargaining ? 64 : undefined,
      ).spec;
    }
    case "collaboration":
    case "market": {
      const handler = MODELS.get(String(model))!;
      const json = (await handler.solve(raw, { json: true, csv: false }, io, label)).json as Record<
        string,
        unknown
      >;
      if (model === "market") {
        const q = json["qualities"] as number[];
        const rows: Row[] = [];
        for (const key of ["prices", "demands", "revenues"] as const) {
          (json[key] as number[]).forEach((v, i) => {
            rows.push({ quality: q[i]!, series: key, value: v });
          });
        }
        return lineChartSpec({
          title: "Market equilibrium against quality",
          subtitle,
          data: rows,
          x: { field: "quality", title: "firm's quality" },
          y: { field: "value", title: "price, demand, revenue", zero: true },
          series: "series",
          mark: "points",
        });
      }
      const traj = json["trajectory"] as Record<string, unknown>[];
      const quality: Row[] = [];
      const revenue: Row[] = [];
      const nash: Row[] = [];
      for (const r of traj) {
        const round = r["round"] as number;
        if ("ql" in r) {
          quality.push(
            { round, series: "low firm", value: r["ql"] as number },
            { round, series: "high firm", value: r["qh"] as number },
          );
          revenue.push(
            { round, series: "low firm", value: r["revenueLow"] as number },
            { round, series: "high firm", value: r["revenueHigh"] as number },
          );
        } else {
          for (const [id, v] of Object.entries(r["qualities"] as Record<string, number>))
            quality.push({ round, series: id, value: v });
          for (const [id, v] of Object.entries(r["revenues"] as Record<string, number>))
            revenue.push({ round, series: id, value: v });
        }
        nash.push({ round, series: "Nash product", value: r["nash"] as number });
      }
      return panels(
        [
          trajectoryChart(quality, "model quality"),
          trajectoryChart(revenue, "revenue"),
          trajectoryChart(nash, "Nash product of gains"),
        ],
        { title: `Collaboration: ${String(json["scheme"])}`, subtitle },
      );
    }
    default:
      throw new UserError(
        `${label}: model: "${String(model)}" has no plot; expected one of ${[...MODELS.keys()].join(", ")}`,
      );
  }
}

/** Runs the command; returns what to print on stdout (the SVG when there is no --out). */
export async function plotCommand(path: string | undefined, flags: PlotFlags, io: Io): Promise<string> {
  if (path === undefined) throw new UserError("plot: a scenario file (or - for standard input) is required");
  let samples = 201;
  if (flags.samples !== undefined) {
    if (!/^\d+$/.test(flags.samples) || Number(flags.samples) < 2 || Number(flags.samples) > 100_000)
      throw new UserError(`--samples: "${flags.samples}" is not a whole number in [2, 100000]`);
    samples = Number(flags.samples);
  }
  if (flags.out !== undefined) {
    figureFormat(flags.out);
    guardOverwrite(flags.out, flags.force === true);
  }
  const raw = await readScenario(path, io);
  const label = path === "-" ? "stdin" : path;
  const spec = await plotSpec(raw, label, io, {
    samples,
    ...(flags.highlight === undefined ? {} : { highlight: flags.highlight }),
  });
  if (flags.out === undefined) return renderSvg(spec);
  await writeFigure(spec, flags.out);
  return `wrote ${flags.out}\n`;
}
