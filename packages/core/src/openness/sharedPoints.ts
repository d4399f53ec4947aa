/**
 * The work a structured bargaining solver (./fastBargain.ts) shares with its helpers on the same
 * landscape — Kalai–Smorodinsky's two ideal-point solvers and max-performance's Pareto check each
 * solve every cell too — that does not depend on the objective: the row's points on the δ grid,
 * the switches located, and under the proportional penalty the penalty columns' ignore choices
 * and the current cell's points and outcomes.
 * @see the openness model specification, docs/theory/openness-regulation.md (after Qiu, Laufer, Kleinberg, Heidari, NeurIPS 2025, arXiv:2507.14193), findings 2–5
 */
import type { At, IgnoreColumnPoint, Point, Switch } from "./fastBargainPoints.js";

/** Switches kept before that cache is emptied (they are looked up within a cell and its helpers'). */
const SWITCH_CACHE = 64;

/** Ignore choices kept off the grid, over every penalty column, before that cache is emptied. */
const COLUMN_CACHE = 8192;

/** A row's points on the δ grid, and whether a stage-2 search behind them did not converge. */
export interface SharedRow {
  readonly theta: number;
  readonly points: readonly Point[];
  readonly unconverged: boolean;
}

/** A cell's points on the δ grid with its outcomes there (null: the cell is not solved by structure). */
export interface SharedCell {
  readonly pts: Point[];
  readonly ats: At[];
}

/** An ignore choice off the grid, and whether its stage-2 search did not converge. */
export interface OffGridChoice {
  readonly point: IgnoreColumnPoint;
  readonly unconverged: boolean;
}

/** See the module comment. Every entry is a pure function of its key: sharing changes no answer. */
export class SharedPoints {
  row: SharedRow | null = null;
  /** The ignore choices of each penalty column on the grid (null: a search did not converge). */
  readonly columnGrid = new Map<number, IgnoreColumnPoint[] | null>();
  private readonly switches = new Map<string, Switch | null>();
  private readonly offGrid = new Map<number, Map<number, OffGridChoice>>();
  private offGridSize = 0;
  private cellKey: readonly [number, number, readonly Point[]] | null = null;
  private cellValue: SharedCell | null = null;

  /** The switch in grid interval k of cell (θ, p), located by `locate` when not yet known. */
  switch(theta: number, p: number, k: number, locate: () => Switch | null): Switch | null {
    const key = `${theta} ${p} ${k}`;
    let sw = this.switches.get(key);
    if (sw === undefined) {
      sw = locate();
      if (this.switches.size >= SWITCH_CACHE) this.switches.clear();
      this.switches.set(key, sw);
    }
    return sw;
  }

  /** The ignore choice at δ off the grid for the penalty p, computed by `make` when not kept. */
  offGridChoice(p: number, delta: number, make: () => OffGridChoice): OffGridChoice {
    let column = this.offGrid.get(p);
    let c = column?.get(delta);
    if (c === undefined) {
      c = make();
      if (this.offGridSize >= COLUMN_CACHE) {
        this.offGrid.clear();
        this.offGridSize = 0;
        column = undefined;
      }
      if (column === undefined) {
        column = new Map();
        this.offGrid.set(p, column);
      }
      column.set(delta, c);
      this.offGridSize++;
    }
    return c;
  }

  /** The cell (θ, p) on the row's `points`, built by `make` when not the current one. */
  cell(theta: number, p: number, points: readonly Point[], make: () => SharedCell | null): SharedCell | null {
    const key = this.cellKey;
    // exact comparisons: the key is the landscape's own θ and p, and the row's very points
    if (key === null || key[0] !== theta || key[1] !== p || key[2] !== points) {
      this.cellValue = make();
      this.cellKey = [theta, p, points];
    }
    return this.cellValue;
  }
}
