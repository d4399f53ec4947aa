/**
 * The decisive players' closed forms along a piece (src/fine-tuning/piece.ts) against the
 * equilibrium itself: wherever the structure is that of the piece's start, every player's utility
 * and the revenue agree to round-off; and the bargaining solutions found with them are those found
 * on equilibria alone.
 */
import { describe, expect, it } from "vitest";
import { solveBargaining } from "../../src/bargaining/solve.js";
import { ChoicesMade } from "../../src/fine-tuning/choices.js";
import type { FineTuningGame } from "../../src/fine-tuning/model.js";
import { ClosedForms } from "../../src/fine-tuning/piece.js";
import { rng } from "../seeded.js";
import { randomPolynomialGame } from "./randomGames.js";
import { at } from "./structureHelpers.js";

/** Relative agreement expected of the closed form (its sums run in another order). */
const AGREE = 1e-11;

function close(a: number, b: number, scale: number): boolean {
  return Math.abs(a - b) <= AGREE * Math.max(Math.abs(a), Math.abs(b), scale);
}

/** Every player (G first) and the revenue, from the closed form and from the equilibrium at δ. */
function compare(game: FineTuningGame, lo: number, d: number): { ok: boolean; same: boolean } {
  const players = Array.from({ length: game.specialists.length + 1 }, (_, q) => q);
  const made = new ChoicesMade();
  const forms = new ClosedForms(game, made);
  const start = at(game, lo);
  made.note(start);
  const values = forms.of(lo, players);
  const e = at(game, d);
  if (values === null || e.signature !== start.signature || !e.agreement) return { ok: true, same: false };
  const into = new Float64Array(players.length + 1);
  values(d, into);
  const scale = Math.max(...Array.from(e.utilities, Math.abs));
  const ok =
    players.every((q) => close(into[q]!, e.utilities[q]!, scale)) &&
    close(into[players.length]!, e.revenue, e.revenue);
  return { ok, same: true };
}

describe("closed forms along a piece", () => {
  it("agree with the equilibrium wherever its structure is the piece's, on random games", () => {
    const r = rng(31);
    let compared = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const game = randomPolynomialGame(4 + (seed % 20), seed, { extras: seed % 2 === 0 });
      for (let q = 0; q < 12; q++) {
        const lo = r() * 0.98;
        for (const h of [0, 1e-6, 1e-3, 0.02]) {
          const { ok, same } = compare(game, lo, Math.min(1, lo + h * r()));
          expect(ok, `seed ${seed}, lo ${lo}, h ${h}`).toBe(true);
          if (same) compared++;
        }
      }
    }
    // most of the comparisons lie within one piece
    expect(compared).toBeGreaterThan(1500);
  });

  it("give the bargaining solutions found on equilibria alone (40 specialists, G switching thresholds)", () => {
    for (const seed of [3, 8]) {
      const game = randomPolynomialGame(40, seed, { extras: true });
      const players = ["G", ...game.specialists.map((s) => s.name)];
      const decisive = players.map((_, q) => q);
      const made = new ChoicesMade();
      const forms = new ClosedForms(game, made);
      const problem = {
        players,
        disagreement: [game.generalist.disagreement, ...game.specialists.map((s) => s.disagreement)],
        decisive,
        evaluate: (d: number) => {
          const e = at(game, d);
          made.note(e);
          return e;
        },
      };
      const plain = solveBargaining(problem);
      const fast = solveBargaining({
        ...problem,
        piece: (lo: number) => forms.of(lo, decisive),
        pieceUtilities: (lo: number) => forms.ofAll(lo),
      });
      expect(fast.certificate.evaluations).toBeLessThan(plain.certificate.evaluations);
      expect(fast.pareto.length).toBe(plain.pareto.length);
      fast.pareto.forEach(([a, b], i) => {
        expect(a).toBeCloseTo(plain.pareto[i]![0], 7);
        expect(b).toBeCloseTo(plain.pareto[i]![1], 7);
      });
      for (const id of [
        "nash",
        "egalitarian",
        "kalai-smorodinsky",
        "utilitarian",
        "max-performance",
        "powerful-G",
      ] as const) {
        const x = fast.solutions[id];
        const y = plain.solutions[id];
        expect(x.delta ?? -1, `seed ${seed} ${id}`).toBeCloseTo(y.delta ?? -1, 6);
        expect(x.objective).toBeCloseTo(y.objective, 6);
      }
    }
  });
});
