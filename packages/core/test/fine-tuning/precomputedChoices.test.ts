/**
 * A solve given G's choices at the grid's δ's (computed elsewhere, as a worker pool does) is the
 * solve without them: the equilibrium rebuilt from a choice is the equilibrium solved there.
 */
import { describe, expect, it } from "vitest";
import {
  bargainingGrid,
  EXACT_GRID_SIZE,
  type FineTuningGame,
  fineTuningGameFromScenario,
  fineTuningMethod,
  NUMERIC_GRID_SIZE,
  type PolynomialChoice,
  polynomialChoice,
  solveFineTuning,
} from "../../src/index.js";

/** n specialists with quadratic costs and fixed costs spread over a range (some abstain). */
function specialists(n: number, generalistCost = 1): FineTuningGame {
  return fineTuningGameFromScenario({
    generalist: { cost: { polynomial: { c: generalistCost, k: 2 } } },
    specialists: Array.from({ length: n }, (_, i) => ({
      cost: {
        polynomial: { c: 0.5 + ((i * 0.618034) % 1) * 2, k: 2 + (i % 3), fixed: 0.05 * ((i * 0.754878) % 1) },
      },
      revenue: `${1 + (i % 4) / 4}*a`,
    })),
  });
}

/** A map that counts the reads it answers. */
class CountingMap<K, V> extends Map<K, V> {
  hits = 0;
  override get(key: K): V | undefined {
    const v = super.get(key);
    if (v !== undefined) this.hits++;
    return v;
  }
}

function choicesAt(game: FineTuningGame, deltas: readonly number[]): CountingMap<number, PolynomialChoice> {
  const m = new CountingMap<number, PolynomialChoice>();
  for (const d of deltas) m.set(d, polynomialChoice(game, d));
  return m;
}

describe("solveFineTuning with precomputed choices", () => {
  it("lists the grid the solver samples: j/256 on the polynomial path, j/gridSize when asked", () => {
    const game = specialists(5);
    expect(fineTuningMethod(game)).toBe("polynomial");
    const grid = bargainingGrid(game);
    expect(grid).toHaveLength(EXACT_GRID_SIZE + 1);
    expect(grid[0]).toBe(0);
    expect(grid[128]).toBe(0.5);
    expect(grid[EXACT_GRID_SIZE]).toBe(1);
    expect(bargainingGrid(game, { bargaining: { gridSize: 16 } })).toHaveLength(17);
    expect(bargainingGrid(game, { method: "numeric" })).toHaveLength(NUMERIC_GRID_SIZE + 1);
  });

  it("has no grid when the closed form solves the game", () => {
    const one = fineTuningGameFromScenario({
      generalist: { cost: "a0^2" },
      specialists: [{ cost: "2*(a-a0)^2" }],
    });
    expect(fineTuningMethod(one)).toBe("closed-form");
    expect(bargainingGrid(one)).toEqual([]);
  });

  for (const n of [3, 300])
    it(`gives a deep-equal result with the grid's choices as without them (${n} specialists)`, () => {
      const game = specialists(n, n / 4);
      const local = solveFineTuning(game);
      const grid = bargainingGrid(game);
      const choices = choicesAt(game, grid);
      const given = solveFineTuning(specialists(n, n / 4), { choices });
      // every grid δ was served from the map (a map the solver ignored would pass the equality)
      expect(choices.hits).toBeGreaterThanOrEqual(grid.length);
      expect(JSON.stringify(given)).toBe(JSON.stringify(local));
      expect(given).toEqual(local);
    });

  it("uses the choices it is given (a wrong choice changes the answer)", () => {
    const game = specialists(20, 5);
    const grid = bargainingGrid(game);
    const choices = choicesAt(game, grid);
    for (const d of grid) {
      const c = choices.get(d)!;
      choices.set(d, { ...c, value: c.value + 1 });
    }
    const local = solveFineTuning(game, { certify: false });
    const wrong = solveFineTuning(game, { certify: false, choices });
    expect(JSON.stringify(wrong)).not.toBe(JSON.stringify(local));
  });

  it("ignores choices on the numeric path (they describe the polynomial one)", () => {
    const game = specialists(3);
    const choices = choicesAt(game, bargainingGrid(game, { method: "numeric" }));
    const local = solveFineTuning(game, { method: "numeric", certify: false });
    const given = solveFineTuning(game, { method: "numeric", certify: false, choices });
    expect(choices.hits).toBe(0);
    expect(given).toEqual(local);
  });
});
