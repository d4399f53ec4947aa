import { describe, expect, it } from "vitest";
import { peakBrackets } from "../../src/bargaining/peaks.js";
import type { Sample } from "../../src/bargaining/sampling.js";
import { rng } from "../seeded.js";

/** A sample as the brackets read it: δ, utilities, revenue and structure key. */
function sample(delta: number, u: Float64Array, revenue: number, sig: string): Sample {
  return {
    delta,
    agreement: true,
    revenue,
    u,
    head: u,
    dom: u,
    domHead: u,
    absMax: 1,
    sig,
    branch: Number.NaN,
    multimodal: false,
    margin: Number.NaN,
    nd: true,
    classified: true,
  };
}

/** Reference: every local maximum of every player's utility and of the revenue (player m), piece by piece. */
function reference(all: readonly Sample[], m: number): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < all.length) {
    let j = i;
    while (j + 1 < all.length && all[j + 1]!.sig === all[i]!.sig) j++;
    if (j > i) {
      for (let p = 0; p <= m; p++) {
        const v = (k: number) => (p === m ? all[k]!.revenue : all[k]!.u[p]!);
        for (let k = i + 1; k < j; k++) {
          if (v(k) > v(k - 1) && v(k) >= v(k + 1))
            out.push(`${all[k - 1]!.delta} ${all[k + 1]!.delta} ${p} 0`);
        }
        if (v(i) >= v(i + 1)) out.push(`${all[i]!.delta} ${all[i + 1]!.delta} ${p} 1`);
        if (v(j) >= v(j - 1)) out.push(`${all[j - 1]!.delta} ${all[j]!.delta} ${p} 2`);
      }
    }
    i = j + 1;
  }
  return out.sort();
}

describe("brackets of the players' maxima", () => {
  it("are every local maximum of every utility and of the revenue, piece by piece, with few players or many", () => {
    const rand = rng(7);
    for (const m of [3, 64, 65, 200]) {
      for (let trial = 0; trial < 10; trial++) {
        // ties included: utilities on a coarse lattice
        const all = Array.from({ length: 40 }, (_, k) =>
          sample(
            k / 39,
            Float64Array.from({ length: m }, () => Math.round(rand() * 4)),
            Math.round(rand() * 4),
            `s${Math.floor(k / 9)}`,
          ),
        );
        const b = peakBrackets(all, m);
        const got: string[] = [];
        for (let i = 0; i < b.length; i++) {
          const x = b.at(i);
          got.push(`${x.lo} ${x.hi} ${x.player} ${x.end === "lo" ? 1 : x.end === "hi" ? 2 : 0}`);
        }
        expect(got.sort()).toEqual(reference(all, m));
      }
    }
  });
});
