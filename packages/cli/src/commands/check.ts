/**
 * `ftg check <scenario> <answer> [--json]`: verifies a claimed answer to a fine-tuning scenario —
 * `ftg solve --json`'s output, one equilibrium (`ftg solve --delta δ --json`), or the same shape
 * written by hand or by another program — with the core's independent checker, and prints one
 * verdict per item. Exit code 0 when every item holds, 1 when some fail, 2 for unusable input.
 */

import { readFile } from "node:fs/promises";
import {
  type AnyModel,
  type CheckResult,
  type CheckTolerances,
  EXACT_CHECK_TOLERANCES,
  MODELS,
} from "@ftg/core";
import { forScenario, UserError } from "../errors.js";
import { readScenario } from "../io/readScenario.js";
import { type Io, readAll } from "../io/streams.js";
import { buildScenario, scenarioModelWith } from "../models/answer.js";

/** Exit code of a check that runs and finds that some item fails. */
export const CHECK_FAILED = 1;

export interface CheckCommandOptions {
  readonly json?: boolean;
  /** `name=value` overrides of the checker's tolerances (repeatable). */
  readonly tolerance?: readonly string[];
}

const TOLERANCE_NAMES = Object.keys(EXACT_CHECK_TOLERANCES) as (keyof CheckTolerances)[];

/** Parses `--tolerance name=value` flags: a known tolerance and a positive finite number. */
export function parseTolerances(flags: readonly string[] = []): Partial<CheckTolerances> {
  const out: Partial<Record<keyof CheckTolerances, number>> = {};
  for (const flag of flags) {
    const m = /^([A-Za-z]+)=(.*)$/.exec(flag);
    const name = m?.[1] as keyof CheckTolerances | undefined;
    if (m === null || name === undefined || !TOLERANCE_NAMES.includes(name))
      throw new UserError(
        `--tolerance: expected <name>=<value> with name one of ${TOLERANCE_NAMES.join(", ")}, found ${JSON.stringify(flag)}`,
      );
    const v = Number(m[2]);
    if (m[2]!.trim() === "" || !Number.isFinite(v) || v <= 0)
      throw new UserError(`--tolerance ${name}: expected a positive number, found ${JSON.stringify(m[2])}`);
    out[name] = v;
  }
  return out;
}

const num = (x: number | null): string =>
  x === null
    ? "—"
    : x !== 0 && Math.abs(x) < 1e-3
      ? Number(x.toPrecision(3)).toExponential()
      : Number(x.toPrecision(3)).toString();

/** The human-readable verdicts: one line per item, then a summary. */
export function checkText(r: CheckResult): string {
  const lines = r.items.map((i) => {
    const figure = i.tolerance === null ? "" : ` [${num(i.measured)} vs tol ${num(i.tolerance)}]`;
    return `${i.holds ? "✓" : "✗"} ${i.id}${figure}: ${i.message}`;
  });
  for (const w of r.warnings) lines.push(`warning: ${w}`);
  lines.push(
    `${r.method} game, utility scale ${num(r.scale)}${r.samples > 0 ? `, ${r.samples} δ examined` : ""}`,
    r.holds
      ? `PASS: all ${r.items.length} checks hold`
      : `FAIL: ${r.failures} of ${r.items.length} checks fail`,
  );
  return `${lines.join("\n")}\n`;
}

/** Runs `check`; returns the text to print and the exit code. */
export async function checkCommand(
  scenarioPath: string,
  answerPath: string,
  opts: CheckCommandOptions,
  io: Io,
  models: ReadonlyMap<string, AnyModel> = MODELS,
): Promise<{ text: string; code: number }> {
  const tolerances = parseTolerances(opts.tolerance);
  if (scenarioPath === "-" && answerPath === "-")
    throw new UserError("answer: expected a file (the scenario already reads standard input), found -");
  const label = scenarioPath === "-" ? "<stdin>" : scenarioPath;
  const raw = await readScenario(scenarioPath, io);
  const model = await scenarioModelWith(raw, label, "ftg check", (m) => m.checker !== undefined, models);
  const checker = model.checker!;
  const game = await buildScenario(model, raw, label);
  const answerLabel = answerPath === "-" ? "<stdin>" : answerPath;
  const json = await readAnswerJson(answerPath, io);
  const answer = await forScenario(answerLabel, () => checker.read(game, json));
  const result: CheckResult = await forScenario(label, () => checker.check(game, answer, { tolerances }));
  const text = opts.json === true ? `${JSON.stringify(result)}\n` : checkText(result);
  return { text, code: result.holds ? 0 : CHECK_FAILED };
}

/** Reads and parses the answer file (`-` = stdin); errors name the file. */
async function readAnswerJson(path: string, io: Io): Promise<unknown> {
  const label = path === "-" ? "<stdin>" : path;
  let text: string;
  if (path === "-") text = await readAll(io.stdin);
  else {
    try {
      text = await readFile(path, "utf8");
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "ENOENT") throw new UserError(`answer file not found: ${path}`);
      if (code === "EISDIR") throw new UserError(`answer path is a directory, expected a file: ${path}`);
      throw new UserError(`cannot read answer file ${path}: ${(e as Error).message}`);
    }
  }
  if (text.trim() === "")
    throw new UserError(
      `${label}: the answer is empty; expected the JSON of ftg solve --json or of one equilibrium`,
    );
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new UserError(`${label}: malformed JSON: ${(e as Error).message}`);
  }
}
