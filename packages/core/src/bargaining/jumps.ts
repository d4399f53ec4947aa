/**
 * Jumps of the outcomes' branch coordinate within one structure (BargainOutcome.branch): where the
 * leading player jumps between candidates the signature does not tell apart, the piece is cut.
 */
import type { BargainOutcome } from "./problem.js";
import type { Sample, Sampler } from "./sampling.js";

/** What {@link resolveJumps} found. */
export interface JumpReport {
  /** Jumps of the branch coordinate located to the δ tolerance (the pieces are cut there). */
  readonly jumps: number;
  /** Cells still suspect when the budget ran out (0: every piece checked). */
  readonly unresolved: number;
}

/**
 * A cell [s_i, s_i+1] of one piece is suspect when the branch coordinate at each end misses the
 * straight line through the two samples beyond the other end by more than this fraction of the
 * cell's change (plus {@link BRANCH_NOISE}): a jump J inside makes both lines miss by about J, a
 * smooth branch by O(h²·x″). A cell with a neighbour on one side only uses that side; a piece of
 * two samples has its midpoint evaluated.
 */
const SUSPECT_FRACTION = 0.25;

/**
 * Going down a suspect cell, the half holding the larger change is kept while its midpoint's offset
 * from the mean of its ends stays at least this fraction of the previous one: a jump keeps it at
 * ~J/2 at every width, a kink halves it and a smooth branch quarters it with each halving.
 */
const JUMP_PERSISTENCE = 0.7;

/** Branch differences below this fraction of max(1, |x|) are round-off, not a jump. */
const BRANCH_NOISE = 1e-9;

/**
 * Checks the continuity of the outcomes' branch coordinate (BargainOutcome.branch) within each
 * piece of one structure, and cuts the pieces where it jumps. Cells are screened with the samples
 * there are ({@link SUSPECT_FRACTION}: no evaluation); in a suspect cell the midpoint is evaluated
 * and the half holding the larger change halved again while the midpoint's offset persists
 * ({@link JUMP_PERSISTENCE}), down to `xTol`, where the pieces are cut. Cells already gone down
 * are not again. Stops after `budget` evaluations, reporting the suspect cells left.
 */
export function resolveJumps<O extends BargainOutcome>(
  sampler: Sampler<O>,
  xTol: number,
  budget: number,
): JumpReport {
  if (sampler.coarse) return { jumps: 0, unresolved: 0 };
  const all = sampler.sorted();
  const noise = (p: number, q: number): number => BRANCH_NOISE * Math.max(1, Math.abs(p), Math.abs(q));
  const inPiece = (i: number, j: number): boolean =>
    j >= 0 &&
    j < all.length &&
    all[j]!.agreement &&
    all[j]!.sig === all[i]!.sig &&
    Number.isFinite(all[j]!.branch);
  const suspect: [Sample, Sample][] = [];
  for (let i = 0; i + 1 < all.length; i++) {
    const a = all[i]!;
    const b = all[i + 1]!;
    if (!a.agreement || !inPiece(i, i + 1) || !Number.isFinite(a.branch) || b.delta - a.delta <= xTol)
      continue;
    if (sampler.examined.has(a.delta)) continue;
    const change = Math.abs(b.branch - a.branch);
    if (!(change > noise(a.branch, b.branch))) continue;
    const misses: number[] = [];
    // the line through the two samples left of the cell, at b; through the two right of it, at a
    if (inPiece(i, i - 1)) {
      const p = all[i - 1]!;
      misses.push(
        Math.abs(b.branch - (a.branch + ((a.branch - p.branch) / (a.delta - p.delta)) * (b.delta - a.delta))),
      );
    }
    if (inPiece(i, i + 2)) {
      const q = all[i + 2]!;
      misses.push(
        Math.abs(a.branch - (b.branch - ((q.branch - b.branch) / (q.delta - b.delta)) * (b.delta - a.delta))),
      );
    }
    if (misses.length === 0 || Math.min(...misses) > SUSPECT_FRACTION * change + noise(a.branch, b.branch))
      suspect.push([a, b]);
  }
  let jumps = 0;
  let spent = 0;
  let checked = 0;
  for (const [a0, b0] of suspect) {
    if (spent >= budget) break;
    checked++;
    sampler.examined.add(a0.delta);
    let lo = a0;
    let hi = b0;
    let offset = 0;
    let persists = true;
    while (hi.delta - lo.delta > xTol && spent < budget) {
      const m = sampler.at(0.5 * (lo.delta + hi.delta));
      spent++;
      // a change of structure inside: located by resolveStructure, which splits the piece
      if (!m.agreement || m.sig !== lo.sig || !Number.isFinite(m.branch)) {
        persists = false;
        break;
      }
      const off = Math.abs(m.branch - 0.5 * (lo.branch + hi.branch));
      if (!(off > noise(lo.branch, hi.branch)) || off < JUMP_PERSISTENCE * offset) {
        persists = false;
        break;
      }
      offset = off;
      if (Math.abs(m.branch - lo.branch) >= Math.abs(hi.branch - m.branch)) hi = m;
      else lo = m;
    }
    if (persists && hi.delta - lo.delta <= xTol) {
      sampler.cut(0.5 * (lo.delta + hi.delta));
      jumps++;
    }
  }
  return { jumps, unresolved: suspect.length - checked };
}
