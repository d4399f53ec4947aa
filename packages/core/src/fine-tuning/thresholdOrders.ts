/**
 * The order of the items' participation thresholds at a share δ, kept per game for the last few δ
 * asked for. An equilibrium's segment pass (./polynomialChoice.ts), the envelopes of the cell
 * bounds and the structure proofs (./cellBounds.ts, ./cellStructure.ts) each walk the items in
 * threshold order, at δ close to one another: the bargaining solver halves cells, and a cell's
 * ends and its midpoint are a cell's width apart. Thresholds move with δ nearly in step (each is
 * (d + F)/((1 − δ)s) less a term that moves far less), so the order at a nearby δ is the order
 * here up to a few swaps: it is repaired by insertion (one pass plus a move per inversion) instead
 * of sorting the n thresholds again. The order by (threshold, index) is unique, so it is the same
 * either way.
 */
import { ByDelta, type PackedPolynomial, perGame, repairOrder, sortByKey } from "./packed.js";

/** Bytes of kept orders per game: 4 bytes an item a δ. */
const ORDER_BYTES = 64 * 2 ** 20;

/**
 * Moves (per item) the insertion sort of the nearest kept order may make before the thresholds are
 * sorted anew: a radix sort's passes cost about as much as two moves an item.
 */
const REPAIR_MOVES_PER_ITEM = 2;

const kept = new WeakMap<PackedPolynomial, ByDelta<Uint32Array>>();

/**
 * The items ordered by their thresholds at share `delta` (ascending, ties by index), for
 * `p.thresholds` holding those thresholds (clamped at 0; the direct channel's at share 0, as
 * ./polynomialChoice.ts's fillItems writes them): kept from an earlier call at the same δ, else the
 * nearest kept δ's order repaired, else sorted. The array is the cache's: valid until three more
 * orders of other δ have been made (the cache keeps at least four), and not to be written.
 */
export function orderOfThresholds(p: PackedPolynomial, delta: number): Uint32Array {
  const n = p.n;
  const orders = perGame(
    kept,
    p,
    (q) =>
      new ByDelta<Uint32Array>(Math.max(4, Math.min(256, Math.floor(ORDER_BYTES / (4 * Math.max(1, q.n)))))),
  );
  const hit = orders.get(delta);
  if (hit !== undefined) return hit;
  // the nearest first: the array taken may be its own (then it is repaired in place)
  const near = orders.nearest(delta);
  const order = orders.take() ?? new Uint32Array(n);
  if (near !== undefined) {
    if (near !== order) order.set(near);
    if (repairOrder(order, p.thresholds, n, REPAIR_MOVES_PER_ITEM * n)) {
      orders.set(delta, order);
      return order;
    }
  }
  order.set(sortByKey(p.thresholds, n, p.order, p.spare, p.scratch, p.spareScratch).subarray(0, n));
  orders.set(delta, order);
  return order;
}
