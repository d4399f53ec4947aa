/**
 * `ftg reproduce [--out dir] [--quick] [--only id,…] [--no-png] [--force]`: regenerates every
 * figure of the three papers from the toolkit's solvers — data (CSV per table, JSON with
 * parameters and checks), the Vega-Lite specification, SVG and PNG — and writes `index.html`
 * laying them out with their parameters, the command that regenerates each, and the table of
 * numeric checks (the paper's value or claim, ours, tolerance, pass/fail, documented errata).
 * Learning figures (Figures 1–3 of "Defection-free Collaboration") use the analytic learner, or
 * with `--real` one real `collab-train` run of all four schemes (logistic regression by default;
 * `--real-model`, `--real-rounds`, `--firm-size`, `--seed`, `--data-dir` as in collab-train),
 * whose JSON/CSV are written next to the figures. Checks of real-training figures that do not hold
 * are reported as differences from the paper (findings), not as failures of the command.
 */
import { existsSync, readdirSync, rmSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { FIGURES, type Figure, type FigureDefinition, type Row } from "@ftg/core";
import type { ExperimentResult } from "@ftg/ml";
import { UserError } from "../errors.js";
import { csvText } from "../io/csv.js";
import { prepareOutput } from "../io/output.js";
import { showProgress, status } from "../io/progress.js";
import type { Io } from "../io/streams.js";
import { renderSvg, svgToPng } from "../render/render.js";
import { resolveCollabTrainOptions, resolveThreads } from "../training/collabOptions.js";
import { runFromRecord } from "../training/collabRecord.js";
import { runCollabTrain } from "../training/collabRun.js";
import { readCollabRecord } from "../training/recordFile.js";
import { REAL_FIGURE_IDS, realLearningFigures } from "./reproduceReal.js";

/** Flags of `ftg reproduce`. */
export interface ReproduceFlags {
  readonly out?: string;
  readonly quick?: boolean;
  readonly only?: string;
  readonly png?: boolean;
  readonly force?: boolean;
  /** Learning figures from real training instead of the analytic learner. */
  readonly real?: boolean;
  readonly realModel?: string;
  /** With `--real`: a saved collab-train record (its JSON) to draw instead of training. */
  readonly from?: string;
  readonly realRounds?: string;
  readonly firmSize?: string;
  readonly seed?: string;
  readonly dataDir?: string;
  readonly progress?: boolean;
  readonly quiet?: boolean;
}

/** The papers, for the report's headings. */
const PAPERS: Record<string, string> = {
  "fine-tuning-games": "Fine-tuning Games (Laufer, Kleinberg, Heidari)",
  "defection-free-collaboration": "Defection-free Collaboration between Competitors in a Learning System",
  "openness-regulation":
    "AI openness regulation — our specification, consistent with the paper's stated findings",
};

/** A figure's data table as CSV: the union of the rows' keys, in first-seen order. */
function csv(rows: readonly Row[]): string {
  const cols: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!cols.includes(k)) cols.push(k);
  return csvText(
    cols,
    rows.map((r) => cols.map((c) => r[c])),
  );
}

const esc = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** The figures selected by `--only` (comma list of ids; default all). */
export function selectFigures(only: string | undefined): FigureDefinition[] {
  if (only === undefined) return [...FIGURES];
  const ids = only
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  for (const id of ids) {
    if (!FIGURES.some((f) => f.id === id))
      throw new UserError(
        `--only: unknown figure "${id}"; expected one of ${FIGURES.map((f) => f.id).join(", ")}`,
      );
  }
  return FIGURES.filter((f) => ids.includes(f.id));
}

interface Built {
  readonly figure: Figure;
  readonly files: string[];
  readonly seconds: number;
}

/** How the learning figures were made, for the report. */
interface Learning {
  /** Extra flags of the regenerate command. */
  readonly flags: string;
  /** Ids of the figures drawn from real training. */
  readonly real: ReadonlySet<string>;
  /** One sentence for the report's header. */
  readonly sentence: string;
}

/**
 * The report page. `failed` and `differs` count the checks that did not pass, outside and inside
 * the learning figures drawn from real training.
 */
function report(
  built: readonly Built[],
  quick: boolean,
  seconds: number,
  learning: Learning,
  failed: number,
  differs: number,
): string {
  const all = built.flatMap((b) => b.figure.checks);
  const sections: string[] = [];
  for (const paper of Object.keys(PAPERS)) {
    const figs = built.filter((b) => b.figure.paper === paper);
    if (figs.length === 0) continue;
    sections.push(`<h2>${esc(PAPERS[paper]!)}</h2>`);
    for (const { figure: f, files, seconds: s } of figs) {
      const rows = f.checks
        .map(
          (c) =>
            `<tr class="${c.pass ? "pass" : learning.real.has(f.id) ? "differs" : "fail"}"><td>${esc(c.claim)}${c.erratum === undefined ? "" : ` <span class="erratum">erratum ${esc(c.erratum)}</span>`}</td><td>${esc(c.paper)}</td><td>${esc(c.ours)}</td><td>${c.tolerance === null ? "exact" : esc(String(c.tolerance))}</td><td>${c.pass ? "pass" : learning.real.has(f.id) ? "differs (real data)" : "FAIL"}</td></tr>`,
        )
        .join("\n");
      sections.push(`<section id="${esc(f.id)}">
<h3>${esc(f.label)} — ${esc(f.title)}</h3>
<img src="${esc(f.id)}.svg" alt="${esc(f.title)}">
<p>${esc(f.caption)}</p>
<details><summary>Parameters</summary><pre>${esc(JSON.stringify(f.parameters, null, 2))}</pre></details>
<p class="cmd">Regenerate: <code>npx ftg reproduce --only ${esc(f.id)}${quick ? " --quick" : ""}${learning.real.has(f.id) ? esc(learning.flags) : ""}</code> (${s.toFixed(2)} s) · files: ${files.map((x) => `<a href="${esc(x)}">${esc(x)}</a>`).join(", ")}</p>
<table><thead><tr><th>claim (source)</th><th>paper</th><th>ours</th><th>tolerance</th><th>result</th></tr></thead>
<tbody>
${rows}
</tbody></table>
${f.warnings.length === 0 ? "" : `<p class="warn">${f.warnings.map(esc).join("<br>")}</p>`}
</section>`);
    }
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>ftg — reproduction of the papers' figures</title>
<style>
body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
img{max-width:100%;border:1px solid #eee} table{border-collapse:collapse;width:100%;font-size:.9em;margin:.5em 0 2em}
td,th{border:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top} tr.pass td:last-child{color:#2e7d32;font-weight:600}
tr.fail td:last-child{color:#c62828;font-weight:700} tr.differs td:last-child{color:#8a6d3b;font-weight:700} .erratum{background:#fff3cd;border-radius:3px;padding:0 4px;font-size:.85em}
code{background:#f5f5f5;padding:1px 4px} .cmd{font-size:.9em;color:#555} .warn{color:#8a6d3b}
</style></head><body>
<h1>Reproduction of the papers' figures</h1>
<p>Generated by <code>npx ftg reproduce${quick ? " --quick" : ""}</code> from the toolkit's own solvers in ${seconds.toFixed(1)} s${quick ? " (quick: coarser plotting grids, the same checks)" : ""}.
${built.length} figures, ${all.length} numeric checks: <strong>${all.length - failed - differs} pass, ${failed} fail${learning.real.size > 0 ? `, ${differs} differ from the paper on real data` : ""}</strong>.
A check marked <span class="erratum">erratum</span> concerns a documented disagreement with the paper: it passes when our solvers agree with the corrected statement (see docs/errata.md and docs/figures-and-sweeps.md).
${esc(learning.sentence)}</p>
<ul>${built.map((b) => `<li><a href="#${esc(b.figure.id)}">${esc(b.figure.label)}</a> — ${esc(b.figure.title)} (${b.figure.checks.filter((c) => c.pass).length}/${b.figure.checks.length})</li>`).join("\n")}</ul>
${sections.join("\n")}
</body></html>
`;
}

/** collab-train's settings for `--real`, with errors naming reproduce's flags. */
function realSettings(opts: Parameters<typeof resolveCollabTrainOptions>[0]) {
  try {
    return resolveCollabTrainOptions(opts);
  } catch (e) {
    if (e instanceof UserError) {
      throw new UserError(e.message.replace(/^--(model|rounds):/, (_m, name: string) => `--real-${name}:`));
    }
    throw e;
  }
}

/**
 * Removes the files an earlier reproduction wrote into `dir` (every figure's files, the checks,
 * the report, the real-training run) and nothing else, so that a forced rerun of some figures
 * never leaves other figures' stale files beside a report that does not list them.
 */
function clearReproduction(dir: string): void {
  const owned = (name: string): boolean =>
    ["index.html", "checks.json"].includes(name) ||
    name.startsWith("real-training.") ||
    FIGURES.some((f) => name.startsWith(`${f.id}.`));
  for (const entry of readdirSync(dir, { withFileTypes: true }))
    if (entry.isFile() && owned(entry.name)) rmSync(join(dir, entry.name));
}

/**
 * A saved `collab-train` record with the four two-firm schemes, read back for the learning
 * figures (its first seed).
 *
 * @throws UserError naming the file and what it lacks
 */
async function readSavedRun(path: string) {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, "utf8"));
  } catch (e) {
    throw new UserError(
      `--from: ${path}: expected a collab-train JSON record (${e instanceof Error ? e.message : e})`,
    );
  }
  const record = readCollabRecord(raw, `--from: ${path}`);
  const settings = record.settings;
  if (settings === undefined)
    throw new UserError(`--from: ${path}: expected the JSON record ftg collab-train writes`);
  if (!Array.isArray(record.setups) || record.setups.length === 0) {
    throw new UserError(
      `--from: ${path}: expected a record of this version of collab-train (with "setups"); rerun collab-train`,
    );
  }
  const seed = record.seed ?? settings.seed;
  const runs = record.runs.filter((r) => r.seed === seed);
  const missing = ["defection-free", "complete", "one-sided-low", "one-sided-high"].filter(
    (scheme) => !runs.some((r) => r.scheme === scheme && r.firms === undefined),
  );
  if (missing.length > 0) {
    throw new UserError(
      `--from: ${path}: expected two-firm runs of all four schemes, missing ${missing.join(", ")}`,
    );
  }
  const result: ExperimentResult = { ...record.setups[0]!, runs: runs.map(runFromRecord) };
  return { record, result, settings, dataName: record.data?.name ?? "Fashion-MNIST" };
}

/** Runs the command; returns the summary printed on stdout. */
export async function reproduceCommand(flags: ReproduceFlags, io: Io): Promise<string> {
  const dir = flags.out ?? "reproduction";
  const figures = selectFigures(flags.only);
  const index = join(dir, "index.html");
  const real = flags.real === true;
  if (!real) {
    for (const [flag, value] of [
      ["--real-model", flags.realModel],
      ["--real-rounds", flags.realRounds],
      ["--firm-size", flags.firmSize],
      ["--seed", flags.seed],
      ["--data-dir", flags.dataDir],
      ["--from", flags.from],
    ] as const) {
      if (value !== undefined) throw new UserError(`${flag}: only used with --real (found ${value})`);
    }
  }
  const settings = real
    ? realSettings({
        ...(flags.realModel === undefined ? {} : { model: flags.realModel }),
        ...(flags.realRounds === undefined ? {} : { rounds: flags.realRounds }),
        ...(flags.firmSize === undefined ? {} : { firmSize: flags.firmSize }),
        ...(flags.seed === undefined ? {} : { seed: flags.seed }),
        ...(flags.dataDir === undefined ? {} : { dataDir: flags.dataDir }),
        out: join(dir, "real-training"),
      })
    : null;
  prepareOutput(dir, {
    kind: "directory",
    force: flags.force === true,
    marker: { file: "index.html", what: "a reproduction" },
  });
  if (existsSync(index)) clearReproduction(dir);
  const started = performance.now();
  const built: Built[] = [];
  const quick = flags.quick === true;
  const realFigures = new Map<string, Figure>();
  const realFiles: string[] = [];
  if (settings !== null && flags.from !== undefined && figures.some((f) => REAL_FIGURE_IDS.includes(f.id))) {
    const saved = await readSavedRun(flags.from);
    await writeFile(join(dir, "real-training.json"), `${JSON.stringify(saved.record, null, 2)}\n`);
    realFiles.push("real-training.json");
    for (const f of realLearningFigures(saved.result, saved.settings, saved.dataName)) {
      if (figures.some((d) => d.id === f.id)) realFigures.set(f.id, f);
    }
  } else if (settings !== null && figures.some((f) => REAL_FIGURE_IDS.includes(f.id))) {
    status(
      io,
      flags,
      `reproduce: real training for the learning figures (${settings.model}, all four schemes, ${settings.rounds} rounds)\n`,
    );
    const run = await runCollabTrain(settings, io, {
      progress: showProgress(io, flags),
      threads: resolveThreads(undefined),
    });
    await writeFile(join(dir, "real-training.json"), run.json);
    await writeFile(join(dir, "real-training.csv"), run.csv);
    realFiles.push("real-training.json", "real-training.csv");
    for (const f of realLearningFigures(run.result, settings)) {
      if (figures.some((d) => d.id === f.id)) realFigures.set(f.id, f);
    }
  }
  const learning: Learning = {
    real: new Set(realFigures.keys()),
    flags:
      settings === null
        ? ""
        : ` --real --real-model ${settings.model} --real-rounds ${settings.rounds} --firm-size ${settings.firms[0]!.size} --seed ${settings.seed}${settings.dataDir === null ? "" : ` --data-dir ${settings.dataDir}`}`,
    sentence:
      settings === null
        ? "Learning figures (Figures 1–3 of Defection-free Collaboration) use the analytic learner; with --real they come from real training (npx ftg collab-train)."
        : `Learning figures (Figures 1–3 of Defection-free Collaboration) come from real training: ${settings.model === "logistic" ? "multinomial logistic regression" : "LeNet-5"} on Fashion-MNIST, one collab-train run of all four schemes (${realFiles.join(", ")}). Their checks compare the run with the paper's claims; a claim that does not hold on the data is marked "differs (real data)" (docs/real-data.md, Findings).`,
  };
  for (const def of figures) {
    const t = performance.now();
    if (flags.quiet !== true) io.stderr.write(`reproduce: ${def.id} …`);
    const figure = realFigures.get(def.id) ?? def.build({ quick });
    const files: string[] = [];
    const put = async (name: string, content: string | Uint8Array) => {
      await writeFile(join(dir, name), content);
      files.push(name);
    };
    for (const [name, rows] of Object.entries(figure.data)) await put(`${def.id}.${name}.csv`, csv(rows));
    const { spec, data: _d, ...meta } = figure;
    await put(`${def.id}.json`, `${JSON.stringify({ ...meta, data: figure.data }, null, 1)}\n`);
    await put(`${def.id}.vl.json`, `${JSON.stringify(spec, null, 1)}\n`);
    const svg = await renderSvg(spec);
    await put(`${def.id}.svg`, svg);
    if (flags.png !== false) await put(`${def.id}.png`, svgToPng(svg, 1.5));
    const seconds = (performance.now() - t) / 1000;
    const bad = figure.checks.filter((c) => !c.pass).length;
    status(
      io,
      flags,
      ` ${seconds.toFixed(2)} s, ${figure.checks.length - bad}/${figure.checks.length} checks pass`,
    );
    built.push({ figure, files, seconds });
  }
  const seconds = (performance.now() - started) / 1000;
  const checks = built.flatMap((b) => b.figure.checks.map((c) => ({ figure: b.figure.id, ...c })));
  await writeFile(join(dir, "checks.json"), `${JSON.stringify(checks, null, 1)}\n`);
  const differs = checks.filter((c) => !c.pass && learning.real.has(c.figure));
  const failed = checks.filter((c) => !c.pass && !learning.real.has(c.figure));
  await writeFile(index, report(built, quick, seconds, learning, failed.length, differs.length));
  const lines = [
    `${built.length} figures, ${checks.length} checks (${checks.length - failed.length - differs.length} pass, ${failed.length} fail${learning.real.size > 0 ? `, ${differs.length} differ from the paper on real data` : ""}) in ${seconds.toFixed(1)} s → ${index}`,
    ...(learning.real.size > 0
      ? [`learning figures ${[...learning.real].join(", ")}: real training (${settings?.model})`]
      : []),
    ...differs.map((c) => `DIFFERS (real data) ${c.figure} ${c.id}: paper ${c.paper}, ours ${c.ours}`),
    ...failed.map((c) => `FAIL ${c.figure} ${c.id}: paper ${c.paper}, ours ${c.ours}`),
  ];
  if (failed.length > 0)
    throw new UserError(`reproduce: ${failed.length} numeric check(s) failed\n${lines.join("\n")}`);
  return `${lines.join("\n")}\n`;
}
