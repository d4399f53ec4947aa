import { describe, expect, it } from "vitest";
import { INDIFFERENCE_STEPS, powerfulFor } from "../../src/openness/bargainedCells.js";
import { opennessEquilibriumWith, ReleaseCache } from "../../src/openness/equilibrium.js";
import { FastBargains } from "../../src/openness/fastBargain.js";
import { fastBargainsFor } from "../../src/openness/fastBargainProportional.js";
import { evenGrid, RELEASE_DECISIONS, regulatoryLandscape } from "../../src/openness/landscape.js";
import type { OpennessModel } from "../../src/openness/model.js";
import { classifyRegulatoryRegion, REGULATORY_REGIONS } from "../../src/openness/regions.js";
import { releaseFrom } from "../../src/openness/release.js";

/** A seeded generator (Park–Miller), so that a failure names its case. */
function generator(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
}

const SOLUTIONS = [
  "nash",
  "egalitarian",
  "utilitarian",
  "powerful-G",
  "powerful-D",
  "kalai-smorodinsky",
  "max-performance",
] as const;

/** Compared objective: Kalai–Smorodinsky's needs the ideal point, max-performance's the revenue (U_G + U_D instead). */
function objective(solution: (typeof SOLUTIONS)[number]): (g: number, d: number) => number {
  switch (solution) {
    case "nash":
      return (g, d) => g * d;
    case "egalitarian":
      return (g, d) => Math.min(g, d);
    case "powerful-G":
      return (g) => g;
    case "powerful-D":
      return (_g, d) => d;
    default:
      return (g, d) => g + d;
  }
}

/**
 * Relative precision to which a flat optimum's utilities are located: its δ only to ~1e-8 (the
 * objective's round-off over its curvature), which moves a utility whose slope in δ is not zero
 * by ~1e-8 absolutely, ~1e-7 of a small U_D. Where powerful-G's optimum pins D's share, U_D equals
 * the unregulated one and the region is decided at that precision, in the reference as here: two
 * answers whose utilities agree to it are the same bargain.
 */
const LOCATED = 1e-6;

/** A random model under the proportional penalty: closed form (λ = 0), numeric, endogenous α0. */
function randomModel(rnd: () => number, solution: string): OpennessModel {
  const kind = rnd();
  const params = {
    lambda: kind < 0.35 ? 0 : 0.8 * rnd(),
    epsilon: 0.4 * rnd(),
    kappa: 0.05 + 0.5 * rnd(),
    ...(kind > 0.85 ? { cG: 0.3 + rnd() } : {}),
  };
  return {
    alpha0: kind > 0.85 ? "endogenous" : 0.05 + 1.2 * rnd(),
    delta: { bargaining: solution },
    regulation: { threshold: 0, penalty: 0, form: "proportional" },
    params,
  } as OpennessModel;
}

describe("bargaining-mode landscape under the proportional penalty, solved by structure", () => {
  let structured = 0;
  // the reference: every cell solved on its own by the generic bargaining solver (default grid)
  for (const seed of [
    3, 8, 11, 23, 37, 41, 59, 73, 5, 17, 29, 47, 13, 19, 28, 35, 36, 64, 71, 90, 97, 157, 519, 528, 1620,
  ]) {
    const solution = SOLUTIONS[seed % SOLUTIONS.length]!;
    it(`equals the cell-by-cell landscape region for region (seed ${seed}, ${solution})`, () => {
      const rnd = generator(seed);
      const model = randomModel(rnd, solution);
      const n = 6;
      // penalties up to 1.5: the ignore optimum ω_p(δ) crosses θ inside the δ range of many cells
      const thetas = Array.from({ length: n }, () => rnd()).sort((a, b) => a - b);
      const penalties = Array.from({ length: n }, () => 1.5 * rnd() ** 2).sort((a, b) => a - b);
      const l = regulatoryLandscape(model, thetas, penalties, { certify: false });
      structured += l.structuredCells ?? 0;
      const cache = new ReleaseCache(model);
      const opts = { certify: false, bargaining: { powerful: powerfulFor(solution) } };
      const u = opennessEquilibriumWith(cache, 0, 0, solution, opts).eq;
      const unreg = { delta: u.delta, omega: u.omega, uG: u.utilities.G, uD: u.utilities.D };
      const f = objective(solution);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          const e = opennessEquilibriumWith(cache, thetas[i]!, penalties[j]!, solution, opts).eq;
          const region = classifyRegulatoryRegion(
            { delta: e.delta, omega: e.omega, uG: e.utilities.G, uD: e.utilities.D },
            unreg,
            1e-12,
          );
          const k = i * n + j;
          const at = `θ = ${thetas[i]}, p = ${penalties[j]}`;
          // regions may differ only on a knife-edge: the same bargain to the located precision
          // (a region compares the utilities with the unregulated ones at 1e-12)
          if (REGULATORY_REGIONS[l.region[k]!] !== region) {
            for (const [x, y] of [
              [l.uG[k]!, e.utilities.G],
              [l.uD[k]!, e.utilities.D],
            ] as const)
              expect(Math.abs(x - y), `${at}: ${region}`).toBeLessThanOrEqual(
                LOCATED * Math.max(1, Math.abs(y)),
              );
          }
          expect(RELEASE_DECISIONS[l.decision[k]!], at).toBe(e.decision);
          // the same optimum: a flat one is located in δ only to the round-off of the objective
          const v = f(e.utilities.G, e.utilities.D);
          expect(Math.abs(f(l.uG[k]!, l.uD[k]!) - v), at).toBeLessThanOrEqual(
            1e-8 * Math.max(1, Math.abs(v)),
          );
        }
      }
    });
  }

  it("answered most of those cells by structure", () => {
    expect(structured).toBeGreaterThan(0);
  });

  it("applies to the proportional penalty, and answers a cell where ω_p(δ) crosses θ", () => {
    const model: OpennessModel = {
      alpha0: 0.9,
      delta: { bargaining: "nash" },
      regulation: { threshold: 0, penalty: 0, form: "proportional" },
      params: { lambda: 0 },
    };
    const cache = new ReleaseCache(model);
    expect(FastBargains.applies(cache, "nash")).toBe(true);
    const unregulated = opennessEquilibriumWith(cache, 0, 0, "nash", { certify: false }).eq;
    const fast = fastBargainsFor(cache, "nash", unregulated)!;
    // at θ = 0.02, p = 0.2 G ignores at small δ and complies (ω_p ≥ θ) from δ ≈ 0.38
    const e = fast.cell(0.02, 0.2);
    expect(e).not.toBeNull();
    const ref = opennessEquilibriumWith(cache, 0.02, 0.2, "nash", { certify: false }).eq;
    expect(e!.decision).toBe(ref.decision);
    expect(Math.abs(e!.utilities.G * e!.utilities.D - ref.utilities.G * ref.utilities.D)).toBeLessThanOrEqual(
      1e-9,
    );
  });

  it("answers cells whose optimum is where ignoring meets complying as the generic solver does", () => {
    // α0 = 0.9, Nash, numeric stage 2: at these cells the bargain sits on the comply side of the
    // switch where ω_p(δ) reaches θ, and G's two values there agree to its tie tolerance
    const model: OpennessModel = {
      alpha0: 0.9,
      delta: { bargaining: "nash" },
      regulation: { threshold: 0, penalty: 0, form: "proportional" },
    };
    const cache = new ReleaseCache(model);
    const unregulated = opennessEquilibriumWith(cache, 0, 0, "nash", { certify: false }).eq;
    const fast = fastBargainsFor(cache, "nash", unregulated)!;
    for (const [theta, p] of [
      [0.03, 0.13],
      [0.03, 0.14],
      [0.05, 0.145],
    ] as const) {
      const e = fast.cell(theta, p);
      const ref = opennessEquilibriumWith(cache, theta, p, "nash", { certify: false }).eq;
      const at = `θ = ${theta}, p = ${p}`;
      expect(e, at).not.toBeNull();
      expect(e!.decision, at).toBe(ref.decision);
      expect(e!.omega, at).toBe(ref.omega);
      const v = ref.utilities.G * ref.utilities.D;
      expect(Math.abs(e!.utilities.G * e!.utilities.D - v), at).toBeLessThanOrEqual(1e-9 * v);
    }
  });

  it("answers a cell whose best is δ = 0 with the other family's best within the near-tie margin", () => {
    // utilitarian, α0 = 0.9: complying at δ = 0 against the ignore side of a switch a few
    // thousandths above it, 4e-7 below (END_TIE_MARGIN < gap < FAST_TIE_MARGIN)
    const model: OpennessModel = {
      alpha0: 0.9,
      delta: { bargaining: "utilitarian" },
      regulation: { threshold: 0, penalty: 0, form: "proportional" },
    };
    const cache = new ReleaseCache(model);
    const options = { certify: false, bargaining: { powerful: [] } };
    const unregulated = opennessEquilibriumWith(cache, 0, 0, "utilitarian", options).eq;
    const fast = fastBargainsFor(cache, "utilitarian", unregulated)!;
    for (const [theta, p] of [
      [0.51, 0.005],
      [0.53, 0.015],
    ] as const) {
      const e = fast.cell(theta, p);
      const ref = opennessEquilibriumWith(cache, theta, p, "utilitarian", options).eq;
      const at = `θ = ${theta}, p = ${p}`;
      expect(e, at).not.toBeNull();
      expect(e!.delta, at).toBe(0);
      expect(e!.decision, at).toBe(ref.decision);
      const v = ref.utilities.G + ref.utilities.D;
      expect(Math.abs(e!.utilities.G + e!.utilities.D - v), at).toBeLessThanOrEqual(1e-12 * v);
    }
  });

  it("puts the bargained indifference curve on the decision boundary", () => {
    // each row's p* is where the bargained decision turns to "comply": comply at p*, not at
    // p* − tol, with tol = 2^−INDIFFERENCE_STEPS grid steps (the reference: the generic solver)
    const model: OpennessModel = {
      alpha0: 0.9,
      delta: { bargaining: "nash" },
      regulation: { threshold: 0, penalty: 0, form: "proportional" },
    };
    const penalties = evenGrid(0, 0.5, 11);
    const thetas = evenGrid(0.2, 1, 4);
    const l = regulatoryLandscape(model, thetas, penalties, { certify: false });
    const tol = (penalties[1]! - penalties[0]!) / 2 ** INDIFFERENCE_STEPS;
    const cache = new ReleaseCache(model);
    const decision = (theta: number, p: number) =>
      opennessEquilibriumWith(cache, theta, p, "nash", { certify: false, bargaining: { powerful: [] } }).eq
        .decision;
    let located = 0;
    thetas.forEach((theta, i) => {
      const p = l.indifference[i];
      if (p === null || p === undefined || penalties.includes(p)) return;
      located++;
      expect(decision(theta, p), `θ = ${theta}, p* = ${p}`).toBe("comply");
      expect(decision(theta, p - tol), `θ = ${theta}, p* − tol = ${p - tol}`).not.toBe("comply");
    });
    expect(located).toBeGreaterThan(0);
  });

  for (const alpha0 of [0.9, 0.1]) {
    it(`decides the cells around the bargained indifference penalty as a dense reference does (α0 = ${alpha0})`, () => {
      // there the two families' maxima meet: the cells the structured path answers for their
      // decision alone (near-ties that cannot change it) must carry the decision of the larger
      // Nash product over every bargain (the generic solver's maximum is noisier than the margin)
      const model: OpennessModel = {
        alpha0,
        delta: { bargaining: "nash" },
        regulation: { threshold: 0, penalty: 0, form: "proportional" },
      };
      const penalties = evenGrid(0, 0.5, 11);
      const thetas = evenGrid(0.2, 1, 4);
      const l = regulatoryLandscape(model, thetas, penalties, { certify: false });
      const cache = new ReleaseCache(model);
      const options = { certify: false, bargaining: { powerful: [] } };
      const unregulated = opennessEquilibriumWith(cache, 0, 0, "nash", options).eq;
      const fast = fastBargainsFor(cache, "nash", unregulated)!;
      const step = penalties[1]! - penalties[0]!;
      let nearTies = 0; // answered for the decision alone: the whole cell is a near-tie
      thetas.forEach((theta, i) => {
        const pStar = l.indifference[i];
        if (pStar === null || pStar === undefined || penalties.includes(pStar)) return;
        for (let k = -8; k <= 8; k++) {
          const p = pStar + (k * step) / 2 ** 11;
          const e = fast.cell(theta, p, "decision");
          if (e === null || fast.cell(theta, p) !== null) continue;
          nearTies++;
          expect(e.decision, `θ = ${theta}, p = ${p}`).toBe(denseDecision(cache, theta, p));
        }
      });
      expect(nearTies).toBeGreaterThan(0);
    });
  }
});

/**
 * The Nash-bargained decision at (θ, p) by a dense scan, slow and plain: G's choice by the stage 2
 * every 1e-4 in δ; around the three best scan points of each family every 1e-6 within 2e-4, the
 * family's label bisected to 1e-13 where it changes (a switch's sides) and its best point refined
 * by golden section. "comply" or "ignore": the family of the larger product U_G·U_D.
 */
function denseDecision(cache: ReleaseCache, theta: number, p: number): string {
  const at = (d: number): { family: number; v: number } | null => {
    const r = releaseFrom(cache.at(d), theta, p, "proportional");
    const o = r.outcome;
    if (o === null || !o.dParticipates) return null;
    return { family: r.decision === "ignore" ? 1 : 0, v: o.uG * o.uD };
  };
  const best = [Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY];
  const scan: { d: number; family: number; v: number }[] = [];
  for (let k = 0; k <= 10_000; k++) {
    const r = at(k / 10_000);
    if (r !== null) scan.push({ d: k / 10_000, ...r });
  }
  for (const family of [0, 1]) {
    const tops = scan.filter((s) => s.family === family).sort((a, b) => b.v - a.v);
    for (const c of tops.slice(0, 3)) {
      let prev: { d: number; family: number; v: number } | null = null;
      let bx = c.d;
      let bv = c.v;
      for (let k = -200; k <= 200; k++) {
        const d = c.d + k * 1e-6;
        const r = d >= 0 && d <= 1 ? at(d) : null;
        if (r !== null && r.family === family && r.v > bv) [bx, bv] = [d, r.v];
        if (r !== null && prev !== null && r.family !== prev.family) {
          // a switch: its side in this family, to 1e-13
          let [a, b] = prev.family === family ? [prev.d, d] : [d, prev.d];
          while (Math.abs(b - a) > 1e-13) {
            const m = 0.5 * (a + b);
            if (at(m)?.family === family) a = m;
            else b = m;
          }
          const side = at(a);
          if (side !== null && side.family === family && side.v > bv) [bx, bv] = [a, side.v];
        }
        prev = r === null ? null : { d, ...r };
      }
      let [a, b] = [bx - 1e-6, bx + 1e-6];
      const g = (Math.sqrt(5) - 1) / 2;
      const f = (d: number): number => {
        const r = at(d);
        return r !== null && r.family === family ? r.v : Number.NEGATIVE_INFINITY;
      };
      for (let t = 0; t < 40; t++) {
        const x1 = b - g * (b - a);
        const x2 = a + g * (b - a);
        if (f(x1) > f(x2)) b = x2;
        else a = x1;
      }
      best[family] = Math.max(best[family]!, bv, f(0.5 * (a + b)));
    }
  }
  return best[0]! > best[1]! ? "comply" : "ignore";
}
