/**
 * A claimed answer to a fine-tuning game, as `ftg solve --json` prints it or any other program (or
 * a person) writes it, read against the game it answers: the full analysis (Pareto set and
 * bargaining solutions) or one equilibrium (`ftg solve --delta δ --json`). Conventions as in
 * ./model.ts: utilities G first, `alpha0: null` when G stays out, an `alphas` entry null when the
 * specialist abstains.
 */
import type { FineTuningGame } from "./model.js";

/** One claimed equilibrium, in the game's player order. */
export interface ClaimedEquilibrium {
  /** The revenue share; null for a solution that claims no bargain forms at any δ. */
  readonly delta: number | null;
  /** G's performance; null when G stays out. */
  readonly alpha0: number | null;
  /** Each specialist's performance (null: abstains), in the game's order. */
  readonly alphas: readonly (number | null)[];
  /** Utilities, G first. */
  readonly utilities: readonly number[];
  /** Claimed total revenue, when given. */
  readonly revenue: number | null;
  /** Claimed membership of the Pareto set, when given. */
  readonly inParetoSet: boolean | null;
}

/** A claimed answer: the full analysis or one equilibrium. */
export type FineTuningAnswer =
  | {
      readonly kind: "analysis";
      /** Claimed Pareto set: disjoint closed intervals in increasing order (empty: disagreement). */
      readonly pareto: readonly (readonly [number, number])[];
      /** Claimed solutions by id (nash, kalai-smorodinsky, egalitarian, utilitarian, max-performance, powerful-P). */
      readonly solutions: readonly { readonly id: string; readonly equilibrium: ClaimedEquilibrium }[];
    }
  | { readonly kind: "equilibrium"; readonly equilibrium: ClaimedEquilibrium };

/** An answer that cannot be read: `path` names the field, `message` the value found and what was expected. */
export class AnswerError extends Error {
  override readonly name = "AnswerError";
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
  }
}

const show = (v: unknown): string => {
  if (v === undefined) return "nothing";
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 57)}...` : s;
};

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

function finite(v: unknown, path: string, what = "a finite number"): number {
  if (typeof v !== "number" || !Number.isFinite(v))
    throw new AnswerError(path, `expected ${what}, found ${show(v)}`);
  return v;
}

function share(v: unknown, path: string): number {
  const d = finite(v, path, "a number in [0, 1]");
  if (d < 0 || d > 1) throw new AnswerError(path, `expected a number in [0, 1], found ${show(v)}`);
  return d;
}

function performance(v: unknown, path: string, what: string): number | null {
  if (v === null) return null;
  const a = finite(v, path, what);
  if (a < 0) throw new AnswerError(path, `expected ${what}, found ${show(v)}`);
  return a;
}

/** The solution ids the toolkit defines for this game. */
export function fineTuningSolutionIds(game: FineTuningGame): string[] {
  return [
    "nash",
    "kalai-smorodinsky",
    "egalitarian",
    "utilitarian",
    "max-performance",
    "powerful-G",
    ...game.specialists.map((s) => `powerful-${s.name}`),
  ];
}

function equilibriumAt(
  game: FineTuningGame,
  v: unknown,
  path: string,
  deltaMayBeNull: boolean,
): ClaimedEquilibrium {
  const at = (k: string) => (path === "" ? k : `${path}.${k}`);
  if (!isObject(v))
    throw new AnswerError(
      path || "(answer)",
      `expected an object with delta, alpha0, alphas, utilities, found ${show(v)}`,
    );
  let delta: number | null;
  if (v["delta"] === null && deltaMayBeNull) delta = null;
  else delta = share(v["delta"], at("delta"));
  const alpha0 = performance(v["alpha0"], at("alpha0"), "a performance ≥ 0, or null when G stays out");
  if (delta === null && alpha0 !== null)
    throw new AnswerError(
      at("alpha0"),
      `expected null when delta is null (no bargain), found ${show(v["alpha0"])}`,
    );
  if (v["agreement"] !== undefined && v["agreement"] !== (alpha0 !== null))
    throw new AnswerError(
      at("agreement"),
      `expected ${alpha0 !== null} (alpha0 is ${alpha0 === null ? "null" : "a number"}), found ${show(v["agreement"])}`,
    );
  const names = game.specialists.map((s) => s.name);
  const alphasRaw = v["alphas"];
  if (!isObject(alphasRaw))
    throw new AnswerError(
      at("alphas"),
      `expected an object {${names.join(", ")}} of performances, found ${show(alphasRaw)}`,
    );
  for (const k of Object.keys(alphasRaw))
    if (!names.includes(k))
      throw new AnswerError(
        at(`alphas.${k}`),
        `expected one of the scenario's specialists (${names.join(", ")})`,
      );
  const alphas = names.map((n) => {
    if (!(n in alphasRaw))
      throw new AnswerError(at(`alphas.${n}`), "expected a performance or null, found nothing");
    return performance(alphasRaw[n], at(`alphas.${n}`), "a performance ≥ 0, or null when it abstains");
  });
  const uRaw = v["utilities"];
  if (!isObject(uRaw))
    throw new AnswerError(
      at("utilities"),
      `expected an object {G, ${names.join(", ")}} of utilities, found ${show(uRaw)}`,
    );
  for (const k of Object.keys(uRaw))
    if (k !== "G" && !names.includes(k))
      throw new AnswerError(
        at(`utilities.${k}`),
        `expected G or one of the scenario's specialists (${names.join(", ")})`,
      );
  const utilities = ["G", ...names].map((n) => finite(uRaw[n], at(`utilities.${n}`)));
  const revenue = v["revenue"] === undefined ? null : finite(v["revenue"], at("revenue"));
  const flag = v["inParetoSet"];
  if (flag !== undefined && typeof flag !== "boolean")
    throw new AnswerError(at("inParetoSet"), `expected true or false, found ${show(flag)}`);
  return { delta, alpha0, alphas, utilities, revenue, inParetoSet: flag === undefined ? null : flag };
}

/**
 * Reads a claimed answer (parsed JSON) against `game`; throws {@link AnswerError} naming the first
 * field that is missing, malformed, or names a player the game does not have.
 * @example
 * const game = fineTuningGameFromScenario({ generalist: { cost: "a0^2" }, specialists: [{ cost: "2*(a-a0)^2" }] });
 * const claim = { delta: 0.5, alpha0: 0.25, alphas: { D: 0.375 }, utilities: { G: 0.125, D: 0.15625 } };
 * readFineTuningAnswer(game, claim).kind // 'equilibrium'
 */
export function readFineTuningAnswer(game: FineTuningGame, json: unknown): FineTuningAnswer {
  if (!isObject(json))
    throw new AnswerError(
      "(answer)",
      `expected a JSON object (ftg solve --json output or one equilibrium), found ${show(json)}`,
    );
  if (json["model"] !== undefined && json["model"] !== "fine-tuning")
    throw new AnswerError("model", `expected "fine-tuning", found ${show(json["model"])}`);
  if (json["solutions"] === undefined && json["pareto"] === undefined)
    return { kind: "equilibrium", equilibrium: equilibriumAt(game, json, "", false) };
  const p = json["pareto"];
  if (!Array.isArray(p))
    throw new AnswerError("pareto", `expected an array of [from, to] intervals, found ${show(p)}`);
  const pareto = p.map((iv, i): readonly [number, number] => {
    if (!Array.isArray(iv) || iv.length !== 2)
      throw new AnswerError(`pareto[${i}]`, `expected an interval [from, to], found ${show(iv)}`);
    const a = share(iv[0], `pareto[${i}][0]`);
    const b = share(iv[1], `pareto[${i}][1]`);
    if (b < a) throw new AnswerError(`pareto[${i}]`, `expected from ≤ to, found ${show(iv)}`);
    return [a, b];
  });
  pareto.forEach((iv, i) => {
    const prev = pareto[i - 1];
    if (prev !== undefined && !(iv[0] > prev[1]))
      throw new AnswerError(
        `pareto[${i}]`,
        `expected disjoint intervals in increasing order, found ${show(iv)} after ${show(prev)}`,
      );
  });
  const s = json["solutions"];
  if (!isObject(s))
    throw new AnswerError("solutions", `expected an object of solutions by id, found ${show(s)}`);
  const ids = fineTuningSolutionIds(game);
  const solutions = Object.entries(s).map(([id, v]) => {
    if (!ids.includes(id))
      throw new AnswerError(`solutions.${id}`, `expected a solution id (${ids.join(", ")})`);
    return { id, equilibrium: equilibriumAt(game, v, `solutions.${id}`, true) };
  });
  return { kind: "analysis", pareto, solutions };
}
