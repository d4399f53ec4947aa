/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * Where the fine-tuning page's jobs run. Light work runs inline: a job whose last run on a game
 * of the same structure took under {@link INLINE_BUDGET_MS} is computed on the main thread (a
 * worker round trip costs a frame's worth of latency); anything heavier, and every first run, goes
 * to the worker so the page never freezes. Each kind of job has its own {@link LatestOnly}: an
 * answer overtaken by a newer request of its kind is dropped, whatever order the answers arrive in.
 */
import type { FineTuningScenario } from "@ftg/core";
import { type EquilibriumView, type FineTuningView, GameCache, runJob } from "../../compute.js";
import type { Answers, Job, Response } from "../../protocol.js";
import { compute, LatestOnly, SUPERSEDED } from "../../workerClient.js";

/** Inline runs take at most this long (ms): a sixth of a frame at 60 Hz. */
export const INLINE_BUDGET_MS = 4;

/** An answer: the value with the scenario version it was computed for, or the solver's error. */
export type Answer<T> =
  | { readonly ok: true; readonly value: T; readonly ms: number; readonly version: number }
  | { readonly ok: false; readonly error: string; readonly version: number };

/** The structure of a scenario (which costs are expressions): games of one structure cost alike. */
function structure(s: FineTuningScenario): string {
  const g = typeof s.generalist.cost === "string" ? "e" : "p";
  return `${g}:${s.specialists.map((x) => (typeof x.cost === "string" || (x.revenue !== undefined && x.revenue !== "a") ? "e" : "p")).join("")}`;
}

/** Above this many specialists a first solve is never assumed light. */
const LIGHT_SPECIALISTS = 3;

/**
 * Whether a game is light enough to solve on the main thread before its time is known: a few
 * specialists with polynomial costs and linear revenue solve in milliseconds, so the first result
 * of a page need not wait for the worker to load.
 */
function light(s: FineTuningScenario): boolean {
  return (
    typeof s.generalist.cost !== "string" &&
    s.specialists.length <= LIGHT_SPECIALISTS &&
    s.specialists.every((x) => typeof x.cost !== "string" && (x.revenue === undefined || x.revenue === "a"))
  );
}

export class FineTuningRequests {
  private readonly games = new GameCache();
  private readonly lastMs = new Map<string, number>();
  private readonly views = new LatestOnly();
  private readonly ats = new LatestOnly();
  /** Whether any answer has come from the worker (until then, the worker is starting). */
  workerStarted = false;

  /** Whether a solve or an equilibrium is awaiting its answer. */
  get pending(): boolean {
    return this.views.pending || this.ats.pending;
  }
  get solving(): boolean {
    return this.views.pending;
  }

  /**
   * Starts the equilibrium worker ahead of the first δ move that needs it (a worker takes seconds
   * to load on a slow machine); the answer is not used.
   */
  warm(scenario: FineTuningScenario, delta: number): void {
    if (
      (this.lastMs.get(`fine-tuning-at|${structure(scenario)}`) ?? Number.POSITIVE_INFINITY) <
      INLINE_BUDGET_MS
    )
      return;
    void compute("fine-tuning-at", { kind: "fine-tuning-at", scenario, delta });
  }

  /** The full view (solutions, curves, the equilibrium at δ); null when overtaken. */
  view(scenario: FineTuningScenario, delta: number, version: number): Promise<Answer<FineTuningView> | null> {
    return this.views.run(() => this.run("fine-tuning", scenario, delta, version));
  }

  /** The equilibrium at δ; null when overtaken. */
  at(scenario: FineTuningScenario, delta: number, version: number): Promise<Answer<EquilibriumView> | null> {
    return this.ats.run(() => this.run("fine-tuning-at", scenario, delta, version));
  }

  /** Records a job's time; a solve includes an equilibrium at δ, which alone costs no more. */
  private learn(kind: "fine-tuning" | "fine-tuning-at", scenario: FineTuningScenario, ms: number): void {
    this.lastMs.set(`${kind}|${structure(scenario)}`, ms);
    const atKey = `fine-tuning-at|${structure(scenario)}`;
    if (kind === "fine-tuning" && !this.lastMs.has(atKey)) this.lastMs.set(atKey, ms);
  }

  private async run<K extends "fine-tuning" | "fine-tuning-at">(
    kind: K,
    scenario: FineTuningScenario,
    delta: number,
    version: number,
  ): Promise<Answer<Answers[K]>> {
    const key = `${kind}|${structure(scenario)}`;
    const last = this.lastMs.get(key) ?? (light(scenario) ? 0 : Number.POSITIVE_INFINITY);
    if (last < INLINE_BUDGET_MS) {
      const t = performance.now();
      try {
        const value = runJob({ kind, scenario, delta } as Job<K>, this.games) as Answers[K];
        const ms = performance.now() - t;
        this.learn(kind, scenario, ms);
        return { ok: true, value, ms, version };
      } catch (e) {
        return { ok: false, error: (e as Error).message.split("\n")[0]!, version };
      }
    }
    const r = (await compute(kind, { kind, scenario, delta } as Job<K>)) as Response<K>;
    // a job replaced in its channel's queue: a newer request of this kind exists (dropped above)
    if (!r.ok && r.error === SUPERSEDED) return { ok: false, error: SUPERSEDED, version };
    this.workerStarted = true;
    if (!r.ok) return { ok: false, error: r.error, version };
    this.learn(kind, scenario, r.ms);
    return { ok: true, value: r.value, ms: r.ms, version };
  }
}
