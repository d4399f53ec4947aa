/**
 * Speed of the real learners (issue 6): prints one line per figure.
 *
 *   node --import tsx bench/ml.ts [--lenet-rounds 200] [--threads 1|2] [--skip-lenet-run] [--skip-logistic-run]
 *
 * Needs the full Fashion-MNIST (Debian's dataset-fashion-mnist). Measures: one epoch of logistic
 * regression and of LeNet-5 on 2,000 examples (minibatch 64), a full-batch logistic gradient,
 * evaluation on the 10,000-example test set (and LeNet-5 on a 1,000-example subset), then a
 * 200-round defection-free run with logistic regression (the paper's firms, 10,000 targets) and a
 * LeNet-5 run of the same shape on a fixed 1,000-example target subset — measured for
 * `--lenet-rounds` rounds (default 200) and, if fewer, projected to 200 from the per-round time.
 * `--threads 2` evaluates the runs' targets on two threads, as `ftg collab-train` does by default
 * on two cores (same results). Targets: logistic run < 60 s, LeNet-5 run < 10 min. Timings
 * on a shared machine vary: CPU seconds (all threads of the process) and the load average are
 * printed with them.
 */
import { loadavg } from "node:os";
import {
  buildFirmData,
  concatExamples,
  createLeNet5,
  createLogisticRegression,
  createRng,
  type ExampleRef,
  evaluate,
  type ModelKind,
  runExperiment,
  sgdUpdate,
  trainEpochs,
} from "@ftg/ml";
import { loadFashionMnist } from "@ftg/ml/node";
import { createThreadedEvaluator } from "../packages/cli/dist/training/threadedEvaluator.js";

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const lenetRounds = Number(flag("--lenet-rounds") ?? 200);
const threads = Number(flag("--threads") ?? 1);

/** Wall-clock seconds; the CPU seconds of the same call go to `lastCpu` (robust to a busy machine). */
let lastCpu = 0;
function time<T>(f: () => T): [T, number] {
  const c = process.cpuUsage();
  const t = performance.now();
  const r = f();
  const used = process.cpuUsage(c);
  lastCpu = (used.user + used.system) / 1e6;
  return [r, (performance.now() - t) / 1000];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** One figure: wall seconds, CPU seconds of the same call, and the 1-minute load average at its end. */
const line = (label: string, seconds: number, extra = "", withCpu = true): void => {
  const cpu = withCpu ? `(cpu ${lastCpu.toFixed(3)} s)` : "";
  const load = `load ${loadavg()[0]!.toFixed(2)}`;
  process.stdout.write(
    `${label.padEnd(58)} ${seconds.toFixed(3).padStart(9)} s ${cpu.padEnd(17)} ${load.padEnd(10)} ${extra}\n`,
  );
};

process.stdout.write(
  `ftg ml benchmark · node ${process.version} · load average ${loadavg()[0]!.toFixed(2)}\n`,
);
const [data, tLoad] = await (async () => {
  const c = process.cpuUsage();
  const t = performance.now();
  const d = await loadFashionMnist();
  const used = process.cpuUsage(c);
  lastCpu = (used.user + used.system) / 1e6;
  return [d, (performance.now() - t) / 1000] as const;
})();
line("load Fashion-MNIST (gunzip + parse 4 IDX files)", tLoad);
const [sets, tSets] = time(() => buildFirmData(data));
line("build the paper's firm sets + 10,000 targets", tSets);
const union = concatExamples(sets.firms.map((f) => f.examples));

// Logistic regression.
{
  const model = createLogisticRegression({ rng: createRng(1) });
  trainEpochs(model, union, { epochs: 1, rng: createRng(2) }); // warm-up (JIT)
  const epochs = [0, 1, 2].map(
    () => time(() => trainEpochs(model, union, { epochs: 1, rng: createRng(3) }))[1],
  );
  line("logistic: one epoch, 2,000 examples, batch 64", median(epochs), "(median of 3)");
  const all: ExampleRef[] = Array.from({ length: union.count }, (_, index) => ({ pool: union, index }));
  const grad = new Float64Array(model.params.length);
  const full = [0, 1, 2].map(() => time(() => sgdUpdate(model, all, 0.01, grad))[1]);
  line("logistic: one full-batch gradient step, 2,000 examples", median(full), "(median of 3)");
  const evals = [0, 1, 2].map(() => time(() => evaluate(model, sets.target))[1]);
  line("logistic: evaluation on 10,000 test examples", median(evals), "(median of 3)");
}

// LeNet-5.
{
  const model = createLeNet5({ rng: createRng(1) });
  const [, tEpoch] = time(() => trainEpochs(model, union, { epochs: 1, rng: createRng(2) }));
  line("lenet5: one epoch, 2,000 examples, batch 64", tEpoch, "(TensorFlow.js CPU: ~290 s)");
  const [, tEval] = time(() => evaluate(model, sets.target));
  line("lenet5: evaluation on 10,000 test examples", tEval);
  const small = buildFirmData(data, { targetSize: 1000 }).target;
  const [, tSmall] = time(() => evaluate(model, small));
  line("lenet5: evaluation on a fixed 1,000-example target subset", tSmall);
}

async function scheme(kind: ModelKind, rounds: number, targetSize: number): Promise<void> {
  const s = targetSize === 10000 ? sets : buildFirmData(data, { targetSize });
  const evaluator = threads === 2 ? await createThreadedEvaluator(kind, s.target) : undefined;
  let setupWall = 0;
  let setupCpu = 0;
  const wall0 = performance.now();
  const cpu0 = process.cpuUsage();
  const [result, seconds] = time(() =>
    runExperiment(
      s,
      {
        model: kind,
        schemes: ["defection-free"],
        rounds,
        ...(evaluator === undefined ? {} : { evaluator }),
        // The command line's LeNet-5 defaults (ftg collab-train --model lenet5).
        ...(kind === "lenet5"
          ? {
              batchSize: 64,
              maxQuality: { method: "estimate", epochs: 10 },
              schemeOptions: { maxLowSteps: 3, maxBacktracks: 6 },
            }
          : {}),
      },
      {
        // The first notice is the run's start: everything before it is setup (pre-training, q_h*).
        onUpdate: () => {
          if (setupWall === 0) {
            setupWall = (performance.now() - wall0) / 1000;
            const used = process.cpuUsage(cpu0);
            setupCpu = (used.user + used.system) / 1e6;
          }
        },
      },
    ),
  );
  const r = result.runs[0]!;
  const counters = Object.entries(r.counters)
    .map(([id, c]) => `${id} ${c.steps} updates/${c.evaluations} evals`)
    .join(", ");
  const verdict = r.kind === "two-firm" ? r.run.verdict : null;
  const last = r.kind === "two-firm" ? r.run.trajectory[r.run.trajectory.length - 1]! : null;
  await evaluator?.close();
  const label = `${kind}: defection-free, ${rounds} rounds, ${targetSize} targets, ${threads} thread(s) (incl. setup)`;
  const totalCpu = lastCpu;
  line(label, seconds, `[${counters}]`);
  if (verdict !== null && last !== null) {
    process.stdout.write(
      `  roles ${JSON.stringify(result.roles)}, start ${result.start.map((f) => `${f.id} ${f.quality}`).join(", ")}; end q_l ${last.ql.toFixed(4)}, q_h ${last.qh.toFixed(4)}, q_h* ${result.maxQuality.value.toFixed(4)}, any revenue loss: ${verdict.anyLoss}\n`,
    );
  }
  lastCpu = setupCpu;
  line(`${kind}: of which setup (pre-training, q_h* estimate)`, setupWall);
  lastCpu = totalCpu - setupCpu;
  line(`${kind}: of which ${rounds} rounds`, seconds - setupWall);
  if (rounds < 200) {
    lastCpu = setupCpu + ((totalCpu - setupCpu) * 200) / rounds;
    line(
      `${kind}: projected 200 rounds (setup + rounds scaled to 200)`,
      setupWall + ((seconds - setupWall) * 200) / rounds,
    );
  }
}

if (!args.includes("--skip-logistic-run")) await scheme("logistic", 200, 10000);
if (!args.includes("--skip-lenet-run")) await scheme("lenet5", lenetRounds, 1000);
