/**
 * The subgame-perfect outcome of the fine-tuning game at one revenue share δ (conventions in
 * ./model.ts): what both equilibrium paths return, and how it is assembled from G's choice of α0
 * and the specialists' best responses.
 * @see Laufer, Kleinberg, Heidari, "Fine-Tuning Games" (arXiv:2308.04399; docs/theory/fine-tuning-games.md) Sections 2–4
 */
import type { BargainOutcome } from "../bargaining/problem.js";
import type { FineTuningGame, Regime } from "./model.js";
import { directAsSpecialist, type EquilibriumOptions, responseBy } from "./responses.js";

/**
 * How G's α0 was chosen, part of the outcome's structure: `zero` (α0 = 0), `threshold` (α0 sits
 * exactly at a participation threshold: G over-invests, or invests just enough, to bring a player
 * in), `interior` (a smooth maximum inside a stretch of α0 with fixed participants), `out` (G
 * stays out).
 */
export type GeneralistChoice = "zero" | "threshold" | "interior" | "out";

/** The equilibrium at one δ. */
export interface Equilibrium extends BargainOutcome {
  readonly delta: number;
  /** Whether G enters (otherwise every player gets its disagreement payoff). */
  readonly agreement: boolean;
  /** G's performance, null if G stays out. */
  readonly alpha0: number | null;
  /** Each specialist's performance, null if it abstains. */
  readonly alphas: readonly (number | null)[];
  /** Utilities, G first then specialists in order. */
  readonly utilities: Float64Array;
  readonly regimes: readonly Regime[];
  /** Σ r_i(α_i) over participants (and the direct channel, if G uses one). */
  readonly revenue: number;
  /** G's direct channel at this equilibrium: its performance, revenue and profit (null if unused). */
  readonly direct: { readonly alpha: number; readonly revenue: number; readonly profit: number } | null;
  readonly method: "polynomial" | "numeric";
  /** How G chose α0 (see {@link GeneralistChoice}). */
  readonly choice: GeneralistChoice;
  /**
   * The discrete structure of the outcome: G's choice, every specialist's regime and whether the
   * direct channel is used. Over δ, the outcome is smooth wherever its structure is constant;
   * the bargaining solver locates every change of structure (see ../bargaining/structure.ts).
   */
  readonly signature: string;
}

export type { EquilibriumOptions };

const REGIME_CODE: Readonly<Record<Regime, number>> = { contributor: 1, "free-rider": 2, abstainer: 3 };

/**
 * The structure key of an outcome (see {@link Equilibrium.signature}). `which` tells apart choices
 * of one kind: the threshold G invests to, or which of U_G's local maxima over α0 it picks (G's
 * choice jumps from one to another where they tie, and the outcome jumps with it). The regimes
 * enter as two independent 32-bit hashes (FNV-1a and a multiplicative one), so that the key stays
 * short with thousands of specialists; two different regime vectors share a key with probability
 * ~2^-64.
 */
export function signatureOf(
  choice: GeneralistChoice,
  regimes: readonly Regime[],
  direct: boolean,
  which = -1,
): string {
  const codes = new Uint8Array(regimes.length);
  for (let i = 0; i < regimes.length; i++) codes[i] = REGIME_CODE[regimes[i]!];
  return signatureOfCodes(choice, codes, direct, which);
}

/** {@link signatureOf} from regime codes (1 contributor, 2 free-rider, 3 abstainer). */
export function signatureOfCodes(
  choice: GeneralistChoice,
  codes: Uint8Array,
  direct: boolean,
  which = -1,
): string {
  const h = new RegimeHash();
  for (let i = 0; i < codes.length; i++) h.add(codes[i]!, i);
  return h.signature(choice, direct, which);
}

/** The two hashes' starting values (see {@link RegimeHash}). */
export const HASH_START_1 = 0x811c9dc5;
export const HASH_START_2 = 0x9e3779b9;

/**
 * The two hashes of {@link signatureOf}, fed one regime code at a time (no array of codes). A loop
 * over a million specialists may keep the two numbers in locals instead, updated by
 * {@link hashStep1} and {@link hashStep2} as {@link add} does, and end with {@link hashSignature}:
 * the same signature.
 */
export class RegimeHash {
  private h1 = HASH_START_1;
  private h2 = HASH_START_2;
  /** Adds specialist i's regime code (1 contributor, 2 free-rider, 3 abstainer). */
  add(c: number, i: number): void {
    this.h1 = hashStep1(this.h1, c);
    this.h2 = hashStep2(this.h2, c, i);
  }
  signature(choice: GeneralistChoice, direct: boolean, which: number): string {
    return hashSignature(choice, direct, which, this.h1, this.h2);
  }
}

/** The first hash after specialist i's regime code c. */
export function hashStep1(h: number, c: number): number {
  return Math.imul(h ^ c, 0x01000193);
}

/** The second hash after specialist i's regime code c. */
export function hashStep2(h: number, c: number, i: number): number {
  return Math.imul(h + c + i, 0x85ebca6b) ^ (h >>> 13);
}

/** The signature from the two hashes' final values (see {@link RegimeHash}). */
export function hashSignature(
  choice: GeneralistChoice,
  direct: boolean,
  which: number,
  h1: number,
  h2: number,
): string {
  return `${choice[0]}${which}:${(h1 >>> 0).toString(36)}.${(h2 >>> 0).toString(36)}${direct ? "+" : ""}`;
}

/**
 * G's utility at α0 given everyone's best responses (by `method`): δ·Σ r_i over participating
 * specialists, plus the direct channel's profit if it pays, minus φ0(α0). Used by the numeric
 * equilibrium and by the certificates.
 */
export function generalistValue(
  game: FineTuningGame,
  alpha0: number,
  delta: number,
  method: Equilibrium["method"],
  options: EquilibriumOptions = {},
): number {
  let total = 0;
  for (const s of game.specialists) {
    const r = responseBy(method, s, alpha0, delta, options);
    if (r.participates) total += s.revenue.value(r.alpha!);
  }
  let own = 0;
  if (game.generalist.direct !== undefined) {
    const r = responseBy(method, directAsSpecialist(game.generalist.direct), alpha0, 0, options);
    if (r.participates) own = r.utility;
  }
  return delta * total + own - game.generalist.cost.value(alpha0);
}

/** The outcome when G stays out: every player gets its disagreement payoff. */
export function disagreementOutcome(
  game: FineTuningGame,
  delta: number,
  method: Equilibrium["method"],
): Equilibrium {
  const n = game.specialists.length;
  const utilities = new Float64Array(n + 1);
  utilities[0] = game.generalist.disagreement;
  for (let i = 0; i < n; i++) utilities[i + 1] = game.specialists[i]!.disagreement;
  // every specialist abstains: the per-specialist arrays are built when first read
  let alphas: null[] | undefined;
  let regimes: "abstainer"[] | undefined;
  return {
    delta,
    agreement: false,
    alpha0: null,
    get alphas(): readonly null[] {
      alphas ??= new Array<null>(n).fill(null);
      return alphas;
    },
    utilities,
    get regimes(): readonly "abstainer"[] {
      regimes ??= new Array<"abstainer">(n).fill("abstainer");
      return regimes;
    },
    revenue: 0,
    direct: null,
    method,
    choice: "out",
    signature: "out",
  };
}

/**
 * The outcome once G has chosen α0 (with utility uG): the specialists' responses at α0, or
 * disagreement when G is better off out or nobody participates. For a threshold choice located by
 * bisection, `below` is the α0 just below it: a specialist who participates at α0 but not there is
 * the one G invests to bring in, indifferent in theory, and gets its outside option exactly (the
 * computed utility exceeds it by the bisection's width times a slope, ~1e-14, which would make it
 * look better off here than at every other δ where it is held at its outside option too).
 * `branch` (on the numeric path: G's α0, whether G or a specialist chose among several local
 * maxima, G's margin past a threshold) is passed on to the bargaining solver, which checks the
 * branch coordinate for jumps the signature misses (see BargainOutcome.branch): α0 plus every
 * performance in the outcome, so that a specialist jumping to another of its local maxima (a wiggly
 * cost) shows as a jump too, not only G.
 */
export function assemble(
  game: FineTuningGame,
  delta: number,
  alpha0: number,
  uG: number,
  method: Equilibrium["method"],
  options: EquilibriumOptions,
  choice: Exclude<GeneralistChoice, "out">,
  which = -1,
  below?: number,
  branch?: { readonly alpha0: number; readonly multimodal: boolean; readonly margin?: number },
): Equilibrium {
  const n = game.specialists.length;
  const responses = game.specialists.map((s) => responseBy(method, s, alpha0, delta, options));
  const indifferent = (i: number): boolean =>
    choice === "threshold" &&
    below !== undefined &&
    below < alpha0 &&
    responses[i]!.participates &&
    !responseBy(method, game.specialists[i]!, below, delta, options).participates;
  // ≥: an indifferent generalist enters (see model.ts); a bargain nobody joins is no bargain
  if (!(uG >= game.generalist.disagreement) || !responses.some((r) => r.participates)) {
    return disagreementOutcome(game, delta, method);
  }
  const utilities = new Float64Array(n + 1);
  utilities[0] = uG;
  const alphas: (number | null)[] = [];
  const regimes: Regime[] = [];
  let revenue = 0;
  game.specialists.forEach((s, i) => {
    const r = responses[i]!;
    utilities[i + 1] = indifferent(i) ? s.disagreement : r.utility;
    alphas.push(r.alpha);
    regimes.push(r.regime);
    if (r.alpha !== null) revenue += s.revenue.value(r.alpha);
  });
  let direct: Equilibrium["direct"] = null;
  if (game.generalist.direct !== undefined) {
    const d = game.generalist.direct;
    const r = responseBy(method, directAsSpecialist(d), alpha0, 0, options);
    if (r.participates) {
      const rev = d.revenue.value(r.alpha!);
      direct = { alpha: r.alpha!, revenue: rev, profit: r.utility };
      revenue += rev;
    }
  }
  return agreementOutcome(
    {
      delta,
      alpha0,
      alphas,
      utilities,
      regimes,
      revenue,
      direct,
      method,
      choice,
      ...(branch === undefined
        ? {}
        : { branch: branchCoordinate(branch.alpha0, alphas, direct), multimodal: branch.multimodal }),
      ...(branch?.margin === undefined ? {} : { margin: branch.margin }),
    },
    which,
  );
}

/** α0 plus every performance of an outcome (participants' and the direct channel's). */
function branchCoordinate(
  alpha0: number,
  alphas: readonly (number | null)[],
  direct: Equilibrium["direct"],
): number {
  let x = alpha0 + (direct === null ? 0 : direct.alpha);
  for (const a of alphas) if (a !== null) x += a;
  return x;
}

/** An outcome where G enters, from its parts; its signature is derived from them (see signatureOf). */
export function agreementOutcome(
  parts: Omit<Equilibrium, "agreement" | "signature" | "choice" | "alpha0"> & {
    readonly alpha0: number;
    readonly choice: Exclude<GeneralistChoice, "out">;
  },
  which = -1,
): Equilibrium {
  return {
    ...parts,
    agreement: true,
    signature: signatureOf(parts.choice, parts.regimes, parts.direct !== null, which),
  };
}
