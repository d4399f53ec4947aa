/**
 * A progressive regulatory landscape: the same (θ, p) rectangle at increasing resolutions, each
 * a complete landscape, for surfaces that show a coarse map at once and refine it (the explorer's
 * bargained maps).
 *
 * Conventions: see ./landscape.ts. Levels share their stage-2 solvers (one release cache), so a
 * refinement does not rebuild what the coarser levels computed; each level is exact at its own
 * grid (no interpolation between levels).
 * @see the openness model specification, docs/theory/openness-regulation.md (after Qiu, Laufer, Kleinberg, Heidari, NeurIPS 2025, arXiv:2507.14193), findings 2–5
 */
import {
  evenGrid,
  type RegulatoryLandscape,
  type RegulatoryLandscapeOptions,
  regulatoryLandscape,
} from "./landscape.js";
import type { OpennessModel } from "./model.js";

/** Options of {@link progressiveLandscape}. */
export interface ProgressiveLandscapeOptions
  extends Omit<RegulatoryLandscapeOptions, "rows" | "releaseCache"> {
  /** Grid sizes (points per axis), ascending. Default [26, 101, 501]. */
  readonly sizes?: readonly number[];
}

/**
 * Landscapes of the rectangle θ ∈ [thetaFrom, thetaTo] × p ∈ [penaltyFrom, penaltyTo] at each
 * size in turn; stop iterating to stop refining.
 * @example
 * const [coarse] = progressiveLandscape({ alpha0: 0.9 }, [0, 1], [0, 1], { sizes: [3] });
 * coarse.thetas // [0, 0.5, 1]
 */
export function* progressiveLandscape(
  model: OpennessModel,
  thetaRange: readonly [number, number],
  penaltyRange: readonly [number, number],
  options: ProgressiveLandscapeOptions = {},
): Generator<RegulatoryLandscape, void, undefined> {
  const { sizes = [26, 101, 501], ...rest } = options;
  let previous: RegulatoryLandscape | null = null;
  for (const n of sizes) {
    const l: RegulatoryLandscape = regulatoryLandscape(
      model,
      evenGrid(thetaRange[0], thetaRange[1], n),
      evenGrid(penaltyRange[0], penaltyRange[1], n),
      previous?.releaseCache === undefined ? rest : { ...rest, releaseCache: previous.releaseCache },
    );
    previous = l;
    yield l;
  }
}
