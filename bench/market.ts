/**
 * Benchmarks of the market and collaboration modules: `node --import tsx bench/market.ts`
 * (`--quick` stops the scaling table at 3,000 firms).
 * Prints wall-clock figures; timing targets live here, not in tests.
 * Targets: the N-firm equilibrium with its certificate for 1,000 firms under 1 s and for 10,000
 * under 30 s, time and memory growing like n log n.
 */
import {
  analyticLearner,
  bTilde,
  type ConsumerDistribution,
  certifyPrices,
  marketEquilibrium,
  nashTarget,
  piecewiseLinearConsumers,
  runNFirmProtocol,
  runScheme,
  uniformConsumers,
} from "@ftg/core";
import { allocatedPerCall } from "./harness.js";

const quick = process.argv.includes("--quick");

function time(label: string, reps: number, f: () => unknown): void {
  f();
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) f();
  const ms = (performance.now() - t0) / reps;
  console.log(`${label.padEnd(58)} ${ms.toFixed(3)} ms`);
}

const q3 = [0.9, 0.6, 0.3];
const q10 = Array.from({ length: 10 }, (_, i) => 1 - i * 0.09);
const pair = () => ({
  low: analyticLearner({ initial: 0.2, ceilings: { "high+low": 1 } }),
  high: analyticLearner({ initial: 0.7, ceilings: { "high+low": 1 } }),
});
time("market N=3, best response + certificate", 20, () => marketEquilibrium({ qualities: q3 }));
time("market N=3, best response, no certificate", 200, () =>
  marketEquilibrium({ qualities: q3 }, { certificate: "skip" }),
);
time("market N=10, best response + certificate", 5, () => marketEquilibrium({ qualities: q10 }));
time("market N=10, linear system, no certificate", 2000, () =>
  marketEquilibrium({ qualities: q10 }, { method: "linear-system", certificate: "skip" }),
);
const tri = piecewiseLinearConsumers([
  [0, 0],
  [1, 2],
]);
time("market N=3, density 2θ, best response + certificate", 5, () =>
  marketEquilibrium({ qualities: q3, consumers: tri }),
);
time("Nash target (two firms)", 20, () => nashTarget({ initial: { low: 0.2, high: 0.7 }, maxQuality: 1 }));
time("b̃ (Proposition 5)", 3, () => bTilde());
time("defection-free, 200 rounds, analytic learners", 20, () =>
  runScheme({ learners: pair(), maxQuality: 1 }, "defection-free"),
);
time("defection-free, 200 rounds, density 2θ (numeric thresholds)", 1, () =>
  runScheme({ learners: pair(), maxQuality: 1, consumers: tri }, "defection-free"),
);
const all = { "A+B+C": 1 };
time("N-firm protocol, 3 firms, 200 rounds", 2, () =>
  runNFirmProtocol({
    learners: {
      A: analyticLearner({ initial: 0.8, ceilings: all }),
      B: analyticLearner({ initial: 0.4, ceilings: all }),
      C: analyticLearner({ initial: 0.1, ceilings: all }),
    },
    maxQuality: 1,
  }),
);
const run = runScheme({ learners: pair(), maxQuality: 1 }, "defection-free");
console.log(
  `defection-free verdict: anyLoss=${run.verdict.anyLoss}, distance=${run.verdict.distance.toExponential(3)}`,
);

// Scaling: random qualities (a fixed linear congruential sequence), solve + certificate.
console.log("\n# N-firm equilibrium with exact consumer choice and its certificate (method newton)");
console.log("# targets: 1,000 firms < 1 s, 10,000 firms < 30 s; time and memory ~ n log n");
console.log(
  "# alloc/solve: bytes allocated by one solve (V8 sampling profiler); rss: process resident size after it",
);
console.log(
  `${"consumers".padEnd(12)}${"n".padStart(7)}${"solve+cert".padStart(12)}${"of which cert".padStart(15)}${"ms/(n log2 n)·1e3".padStart(19)}${"alloc/solve".padStart(13)}${"B/(n log2 n)".padStart(14)}${"rss".padStart(9)}  certified`,
);
function qualitiesOf(n: number): number[] {
  let seed = 12345;
  return Array.from({ length: n }, () => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  });
}
const sizes = quick ? [100, 300, 1000, 3000] : [100, 300, 1000, 3000, 10000, 30000];
const rssMB = (): string => `${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`;
for (const [name, consumers] of [
  ["uniform", uniformConsumers()],
  ["density 2θ", tri],
] as [string, ConsumerDistribution][]) {
  for (const n of sizes) {
    const q = qualitiesOf(n);
    // best of 3 below 10,000 firms (the machine is shared), one run above
    const runs = n < 10000 ? 3 : 1;
    let total = Number.POSITIVE_INFINITY;
    let r = marketEquilibrium({ qualities: q, consumers });
    for (let k = 0; k < runs; k++) {
      const t0 = performance.now();
      r = marketEquilibrium({ qualities: q, consumers });
      total = Math.min(total, performance.now() - t0);
    }
    let cert = Number.POSITIVE_INFINITY;
    for (let k = 0; k < runs; k++) {
      const t1 = performance.now();
      certifyPrices(q, r.value.prices, consumers);
      cert = Math.min(cert, performance.now() - t1);
    }
    const nlogn = n * Math.log2(n);
    const bytes =
      n <= 10000
        ? await allocatedPerCall(() => marketEquilibrium({ qualities: q, consumers }), 1)
        : Number.NaN;
    const target = n === 1000 ? 1000 : n === 10000 ? 30000 : null;
    const verdict = target === null ? "" : total < target ? "  (target met)" : "  (target MISSED)";
    console.log(
      `${name.padEnd(12)}${String(n).padStart(7)}${`${total.toFixed(0)} ms`.padStart(12)}${`${cert.toFixed(0)} ms`.padStart(15)}${((total / nlogn) * 1000).toFixed(3).padStart(19)}${(Number.isNaN(bytes) ? "—" : `${(bytes / 1e6).toFixed(1)} MB`).padStart(13)}${(Number.isNaN(bytes) ? "—" : (bytes / nlogn).toFixed(0)).padStart(14)}${rssMB().padStart(9)}  ${r.status}, ${r.value.certificate.isEquilibrium ? "yes" : "NO"} (max gain ${r.value.certificate.maxDeviationGain.toExponential(1)})${verdict}`,
    );
  }
}
