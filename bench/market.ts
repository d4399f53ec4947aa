/**
 * Benchmarks of the market and collaboration modules: `node --import tsx bench/market.ts`.
 * Prints wall-clock figures; timing targets live here, not in tests.
 */
import {
  analyticLearner,
  bTilde,
  marketEquilibrium,
  nashTarget,
  piecewiseLinearConsumers,
  runNFirmProtocol,
  runScheme,
} from "@ftg/core";

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
