/**
 * One-dimensional tools of the reference solver: golden-section maximisation and bisection of a
 * predicate's transition. Deliberately the simplest robust methods (no parabolic steps, no
 * derivatives), written here so that the reference shares no numerics with the product.
 */

const INV_PHI = (Math.sqrt(5) - 1) / 2;

/** A maximiser found by golden section on [lo, hi] (endpoints not included: callers add them). */
export interface Max1d {
  readonly x: number;
  readonly fx: number;
}

/**
 * Golden-section search for a maximum of `f` on [lo, hi], to an absolute width `xTol` in x (or 200
 * iterations). On a unimodal function it converges to the maximum; elsewhere, to some local
 * maximum or supremum in the bracket. Returns the best point it evaluated.
 */
export function goldenMax(f: (x: number) => number, lo: number, hi: number, xTol = 1e-13): Max1d {
  let a = lo;
  let b = hi;
  let c = b - INV_PHI * (b - a);
  let d = a + INV_PHI * (b - a);
  let fc = f(c);
  let fd = f(d);
  let best: Max1d = fc >= fd ? { x: c, fx: fc } : { x: d, fx: fd };
  for (let i = 0; i < 200 && b - a > xTol; i++) {
    if (fc >= fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - INV_PHI * (b - a);
      fc = f(c);
      if (fc > best.fx || (fc === best.fx && c < best.x)) best = { x: c, fx: fc };
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + INV_PHI * (b - a);
      fd = f(d);
      if (fd > best.fx || (fd === best.fx && d < best.x)) best = { x: d, fx: fd };
    }
  }
  return best;
}

/**
 * Bisection between `inside` (where `pred` holds) and `outside` (where it does not), in either
 * order on the line, until they are `xTol` apart (or 200 steps). Returns the final pair.
 */
export function bisectTransition(
  pred: (x: number) => boolean,
  inside: number,
  outside: number,
  xTol = 1e-13,
): { inside: number; outside: number } {
  let a = inside;
  let b = outside;
  for (let i = 0; i < 200 && Math.abs(b - a) > xTol; i++) {
    const m = a + (b - a) / 2;
    if (m === a || m === b) break;
    if (pred(m)) a = m;
    else b = m;
  }
  return { inside: a, outside: b };
}
