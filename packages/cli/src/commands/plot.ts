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
 * Each figure is its model's `figure` in the core's registry. Without --out the SVG goes to
 * standard output.
 */
import { type AnyModel, MODELS, recordedRunsSpec, type VegaLiteSpec } from "@ftg/core";
import { forScenario, UserError } from "../errors.js";
import { prepareOutput } from "../io/output.js";
import { fillPlaceholders, parseSets } from "../io/placeholders.js";
import { status } from "../io/progress.js";
import { readScenario } from "../io/readScenario.js";
import type { Io } from "../io/streams.js";
import { buildScenario, scenarioModel } from "../models/answer.js";
import { figureFormat, renderSvg, writeFigure } from "../render/render.js";
import { isCollabRecord, readCollabRecord, recordedTwoFirmRuns } from "../training/recordFile.js";

/** Flags of `ftg plot`. */
export interface PlotFlags {
  readonly out?: string;
  readonly force?: boolean;
  /** `--set name=value` (repeatable): fills `{{name}}` placeholders. */
  readonly set?: readonly string[];
  readonly quiet?: boolean;
  readonly samples?: string;
  /** Fine-tuning, more than nine specialists: the specialist drawn as a line. */
  readonly highlight?: string;
}

/** Options of {@link plotSpec}. */
export interface PlotOptions {
  /** Grid points along the figure's axis, where the model samples (default 201). */
  readonly samples?: number;
  /**
   * Models whose figure draws one player among many (fine-tuning with more than nine
   * specialists): the player drawn as a line. Must name a player whatever their number.
   */
  readonly highlight?: string;
  /** The registry to look the scenario's model up in (default: the core's). */
  readonly models?: ReadonlyMap<string, AnyModel>;
}

/**
 * The figure of a `collab-train` record: per scheme the qualities with ρ and ρ*, the revenues,
 * the revenue gains and the Nash product with N*, without retraining; several seeds are drawn as
 * mean lines with min–max bands.
 */
function recordSpec(raw: unknown, label: string): VegaLiteSpec {
  const rec = readCollabRecord(raw, label);
  const seeds = rec.seeds ?? [];
  return recordedRunsSpec(recordedTwoFirmRuns(rec, label), {
    title: `collab-train: ${rec.settings?.model ?? "?"} on ${rec.data?.name ?? "?"}`,
    subtitle: `${label}; ${seeds.length > 1 ? `seeds ${seeds.join(", ")}` : `seed ${seeds[0] ?? 0}`}; ${rec.settings?.protocol === "paper" ? "the authors' script: qualities on the test set" : "qualities on the validation set, by role"}`,
  });
}

/** The figure specification of a raw scenario: its model's natural figure. */
export async function plotSpec(
  raw: unknown,
  label: string,
  _io: Io,
  options: PlotOptions = {},
): Promise<VegaLiteSpec> {
  // a record `ftg collab-train` wrote is drawn as the run it holds
  if (isCollabRecord(raw)) return recordSpec(raw, label);
  const model = await scenarioModel(raw, label, options.models ?? MODELS);
  if (options.highlight !== undefined && model.figureHighlight !== true)
    throw new UserError(
      `--highlight: "${options.highlight}" names a specialist, but ${label} is a ${model.id} scenario`,
    );
  const title = (raw as { title?: unknown }).title;
  const game = await buildScenario(model, raw, label);
  return forScenario(label, () =>
    model.figure(game, {
      source: label,
      ...(typeof title === "string" ? { subtitle: title } : {}),
      ...(options.samples === undefined ? {} : { samples: options.samples }),
      ...(options.highlight === undefined ? {} : { highlight: options.highlight }),
    }),
  );
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
    prepareOutput(flags.out, { force: flags.force === true });
  }
  const sets = parseSets(flags.set);
  const label = path === "-" ? "stdin" : path;
  const raw = fillPlaceholders(await readScenario(path, io), sets, label);
  const spec = await plotSpec(raw, label, io, {
    samples,
    ...(flags.highlight === undefined ? {} : { highlight: flags.highlight }),
  });
  if (flags.out === undefined) return renderSvg(spec);
  await writeFigure(spec, flags.out);
  status(io, flags, `wrote ${flags.out}`);
  return "";
}
