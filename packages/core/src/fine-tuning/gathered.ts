/**
 * Items gathered (in index order) by a walk that reads only some of them in order of their
 * thresholds, and their sort by the same keys as the whole order's (./thresholdOrders.ts): the
 * structure proof's walks (./cellWalks.ts) and the envelope (./envelope.ts).
 */
import { type PackedPolynomial, perGame, sortByKey } from "./packed.js";

/** Per game: the gathered items' keys and indices (ascending), and the items once sorted. */
const gathered = new WeakMap<
  PackedPolynomial,
  { keys: Float64Array; items: Uint32Array; sorted: Uint32Array }
>();

/** The game's buffers for gathered items (n entries each; valid until the next walk of the game). */
export function gatherBuffers(p: PackedPolynomial): {
  keys: Float64Array;
  items: Uint32Array;
  sorted: Uint32Array;
} {
  return perGame(gathered, p, ({ n }) => ({
    keys: new Float64Array(n),
    items: new Uint32Array(n),
    sorted: new Uint32Array(n),
  }));
}

/**
 * The first `m` gathered items (ascending indices) in order of their keys, ties by index: the
 * whole order of thresholds restricted to them, as ./thresholdOrders.ts sorts by the same keys.
 * Overwrites the game's sort buffers (free between an equilibrium's passes).
 */
export function sortGathered(p: PackedPolynomial, m: number): Uint32Array {
  const { keys, items, sorted } = gatherBuffers(p);
  const perm = sortByKey(keys, m, p.order, p.spare, p.scratch, p.spareScratch);
  for (let x = 0; x < m; x++) sorted[x] = items[perm[x]!]!;
  return sorted;
}
