/**
 * How often a certified answer of `ftg solve` fails `ftg check`, over seeded random games in the
 * hard regimes (fixed costs, outside options, wiggly generalist and specialist costs, log revenues, cubic costs,
 * a direct channel, many specialists). A failure is either a wrong answer the certificate passed
 * or a false failure of the checker: each found so far was taken to a brute force over δ, and each
 * class has a regression test in packages/core/test/fine-tuning/ (solverClasses, check).
 * Run: npm run bench -- certified-answers
 */
import {
  checkFineTuningAnswer,
  type FineTuningScenario,
  fineTuningGameFromScenario,
  readFineTuningAnswer,
  solveFineTuning,
} from "@ftg/core";

/** A seeded uniform on [0, 1) (Park–Miller). */
function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
}

const fixed = (r: () => number, p: number, max: number): number => (r() < p ? +(max * r()).toFixed(3) : 0);

/** Polynomial costs, fixed costs and outside options; n specialists in [lo, hi]. */
function polynomial(r: () => number, lo: number, hi: number): FineTuningScenario {
  const n = lo + Math.floor(r() * (hi - lo + 1));
  const k = r() < 0.3 ? 3 : 2;
  return {
    generalist: { cost: { polynomial: { c: +(0.5 + 3 * r()).toFixed(3), k } } },
    specialists: Array.from({ length: n }, () => ({
      cost: { polynomial: { c: +(0.3 + 2.5 * r()).toFixed(3), k, fixed: fixed(r, 0.6, 0.1) } },
      disagreement: fixed(r, 0.3, 0.1),
    })),
  } as FineTuningScenario;
}

/**
 * Many specialists with three exponents, spread revenue slopes, fixed costs and outside options, G
 * with a non-quadratic cost, sometimes an outside option and a direct channel: G holds one
 * specialist or another at its threshold as δ moves, and may switch to another inside a cell of
 * the δ grid and back (a window of another structure the cell's ends do not show).
 */
function manyThresholds(r: () => number, lo: number, hi: number): FineTuningScenario {
  const n = lo + Math.floor(r() * (hi - lo + 1));
  const ks = [1.5, 2, 3];
  return {
    generalist: {
      cost: {
        polynomial: { c: +(n * (0.4 + r())).toFixed(3), k: r() < 0.5 ? 2 : +(1.5 + 2 * r()).toFixed(3) },
      },
      disagreement: fixed(r, 0.2, 0.02 * n),
      ...(r() < 0.3
        ? {
            direct: {
              cost: { polynomial: { c: +(1 + r()).toFixed(3), k: 2, fixed: fixed(r, 1, 0.05) } },
              revenue: `${(0.5 + r()).toFixed(3)}*a`,
            },
          }
        : {}),
    },
    specialists: Array.from({ length: n }, () => ({
      cost: {
        polynomial: {
          c: +(0.3 + 2 * r()).toFixed(3),
          k: ks[Math.floor(r() * 3)]!,
          fixed: fixed(r, 0.7, 0.12),
        },
      },
      revenue: `${(0.4 + 1.2 * r()).toFixed(3)}*a`,
      disagreement: fixed(r, 0.3, 0.06),
    })),
  } as FineTuningScenario;
}

/** Numeric games: a wiggly generalist cost (half of them), log revenues, cubic costs, a direct channel. */
function numeric(r: () => number, wiggly: boolean): FineTuningScenario {
  const n = 1 + Math.floor(r() * 4);
  const wiggle =
    wiggly || r() < 0.5 ? ` + ${(0.01 * r()).toFixed(4)}*sin(${(5 + 20 * r()).toFixed(2)}*a0)` : "";
  const scenario = {
    generalist: {
      cost: `${(0.3 + 2 * r()).toFixed(3)}*a0^2${wiggle}`,
      disagreement: fixed(r, 0.3, 0.05),
      ...(r() < 0.2
        ? {
            direct: {
              cost: `${(0.01 * r()).toFixed(3)} + ${(0.5 + 2 * r()).toFixed(3)}*(a-a0)^2`,
              revenue: "a",
            },
          }
        : {}),
    },
    specialists: Array.from({ length: n }, () => ({
      cost: `${fixed(r, 0.6, 0.08)} + ${(0.3 + 2 * r()).toFixed(3)}*(a-a0)^${r() < 0.3 ? 3 : 2}`,
      revenue: r() < 0.3 ? `${(1 + r()).toFixed(2)}*log(1+a)` : `${(0.5 + r()).toFixed(2)}*a`,
      disagreement: fixed(r, 0.4, 0.1),
    })),
  };
  return scenario as FineTuningScenario;
}

/** Numeric games whose specialists' costs (and G's) wiggle: several local maxima in α, near ties. */
function wigglySpecialists(r: () => number): FineTuningScenario {
  const n = 1 + Math.floor(r() * 3);
  const wiggle = (x: string) =>
    ` + ${(0.003 + 0.015 * r()).toFixed(4)}*sin(${(8 + 20 * r()).toFixed(2)}*${x})`;
  return {
    generalist: { cost: `${(0.5 + 2 * r()).toFixed(3)}*a0^2${r() < 0.5 ? wiggle("a0") : ""}` },
    specialists: Array.from({ length: n }, () => ({
      cost: `${fixed(r, 0.5, 0.06)} + ${(0.5 + 1.5 * r()).toFixed(3)}*(a-a0)^2${r() < 0.7 ? wiggle("(a-a0)") : ""}`,
      disagreement: fixed(r, 0.4, 0.08),
    })),
  } as FineTuningScenario;
}

function run(name: string, games: number, seed: number, make: (r: () => number) => FineTuningScenario): void {
  const r = rng(seed);
  let certified = 0;
  let failed = 0;
  const t0 = performance.now();
  for (let g = 0; g < games; g++) {
    const scenario = make(r);
    const game = fineTuningGameFromScenario(scenario);
    const answer = solveFineTuning(game);
    if (answer.certificate.certified !== true) continue;
    certified++;
    const verdict = checkFineTuningAnswer(
      game,
      readFineTuningAnswer(game, JSON.parse(JSON.stringify(answer))),
    );
    if (!verdict.holds) {
      failed++;
      console.log(`  failed: ${verdict.items.find((i) => !i.holds)?.message}`);
      if (verbose) console.log(`    scenario: ${JSON.stringify(scenario)}`);
    }
  }
  const s = ((performance.now() - t0) / 1000).toFixed(1);
  console.log(
    `  ${name.padEnd(62)} ${String(certified).padStart(3)} of ${games} certified, ${failed} failed ftg check  (${s} s)`,
  );
}

/** `--verbose`: each failure's scenario is printed too (as JSON, for ftg solve and ftg check). */
const verbose = process.argv.includes("--verbose");
/** `--only NAME`: the families whose name contains NAME (all by default). */
const only = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1]! : "";
const family = (name: string, games: number, seed: number, make: (r: () => number) => FineTuningScenario) => {
  if (name.includes(only)) run(name, games, seed, make);
};
console.log("Certified answers that fail ftg check, random games (seeded)");
family("polynomial, 1-10 specialists, fixed costs, outside options", 40, 7, (r) => polynomial(r, 1, 10));
family("polynomial, 20-60 specialists, fixed costs, outside options", 8, 61, (r) => polynomial(r, 20, 60));
family("polynomial, 150-300 specialists, G switching thresholds", 4, 5, (r) => manyThresholds(r, 150, 300));
family("numeric, wiggly generalist cost, 1-4 specialists", 20, 13, (r) => numeric(r, true));
family("numeric mixed (log revenues, cubic costs, direct channel)", 20, 20, (r) => numeric(r, false));
family("numeric, wiggly specialists' costs, 1-3 specialists", 20, 31, wigglySpecialists);
