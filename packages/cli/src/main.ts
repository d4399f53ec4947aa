/**
 * Entry point of the `ftg` command line. `run` never throws and never exits the process: it
 * returns the exit code, so that tests can call it in-process with fake streams. Each command's
 * module (and with it the solvers, the expression parser, the renderers) is imported only when
 * that command runs, so `ftg --help` loads commander and nothing else.
 */
import { readFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { EXIT, Interrupted, userErrorMessage } from "./errors.js";
import { type Io, type Output, writeOutput } from "./io/streams.js";
import { MODEL_SUMMARIES } from "./models/catalog.js";

/** The version in @ftg/cli's package.json (one level above both src/ and dist/). */
function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  return pkg.version;
}

/** Accumulates a repeatable option's values. */
function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function program(io: Io, setOutput: (text: Output, code?: number) => void): Command {
  const models = Object.entries(MODEL_SUMMARIES)
    .map(([model, summary]) => `  ${model.padEnd(14)} ${summary}`)
    .join("\n");
  const cmd = new Command("ftg")
    .description("The reference toolkit for the economics of general-purpose AI.")
    .version(packageVersion(), "-V, --version", "print the version of ftg")
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .addHelpText("after", `\nModels (the scenario's "model" field):\n${models}\n`);
  cmd
    .command("solve")
    .description("Solve a scenario (JSON or YAML file, or - for stdin); the built-in default if omitted")
    .argument("[scenario]", "scenario file, or - for standard input")
    .option("--json", "print exactly one JSON object")
    .option("--csv", "print CSV (models with a natural table)")
    .option("--delta <delta>", "fine-tuning: the equilibrium at this revenue share δ ∈ [0, 1]")
    .option(
      "--set <name=value>",
      "fill the scenario's {{name}} placeholders with a number, repeatable",
      collect,
    )
    .option(
      "--queue <url>",
      "on the ftg worker pool of this Redis (redis://host:port): a fine-tuning game's δ grid (polynomial costs) or a market's certificate",
    )
    .option(
      "--full-checks",
      "fine-tuning: every check of the bargaining certificate whatever the number of players (made by default up to 63 specialists on the numeric path, and on the polynomial one up to 100,000, with the proofs that no window of another structure hides in a cell; minutes beyond)",
    )
    .option("--chunk-deltas <n>", "with --queue, fine-tuning: grid δ's per job (default 16)")
    .option("--chunk-firms <n>", "with --queue, market: firms per certificate job (default 250)")
    .action(
      async (
        path: string | undefined,
        opts: {
          json?: boolean;
          csv?: boolean;
          delta?: string;
          set?: string[];
          queue?: string;
          chunkDeltas?: string;
          chunkFirms?: string;
          fullChecks?: boolean;
        },
      ) => {
        const { solveOutput } = await import("./commands/solve.js");
        setOutput(await solveOutput(path, opts, io));
      },
    );
  cmd
    .command("examples")
    .description("The papers' scenarios: list them, or print one (ftg examples figure-4 | ftg solve -)")
    .argument("[name]", "an example's name; omitted: list them all, one line each")
    .action(async (name: string | undefined) => {
      const { examplesCommand } = await import("./commands/examples.js");
      setOutput(await examplesCommand(name));
    });
  cmd
    .command("init")
    .description(
      "Write a commented template scenario of a model to fill in (never overwrites without --force)",
    )
    .argument("<model>", Object.keys(MODEL_SUMMARIES).join(", "))
    .argument("[file]", "where to write it (default <model>.yaml; - for standard output)")
    .option("--force", "overwrite an existing file")
    .option("-q, --quiet", "no progress bar and no status lines on stderr (errors and warnings still shown)")
    .action(async (model: string, file: string | undefined, opts: { force?: boolean; quiet?: boolean }) => {
      const { initCommand } = await import("./commands/init.js");
      setOutput(await initCommand(model, file, opts, io));
    });
  cmd
    .command("check")
    .description(
      "Fine-tuning: verify an answer (ftg solve --json output, or one equilibrium) item by item; exit 1 if any fails",
    )
    .argument("<scenario>", "scenario file, or - for standard input")
    .argument("<answer>", "answer JSON file, or - for standard input")
    .option("--json", "print the verdicts as one JSON object")
    .option(
      "--tolerance <name=value>",
      "override a tolerance, e.g. deviation=1e-6 for rounded answers (repeatable; see docs/fine-tuning.md)",
      (v: string, acc: string[] = []) => [...acc, v],
    )
    .action(async (scenario: string, answer: string, opts: { json?: boolean; tolerance?: string[] }) => {
      const { checkCommand } = await import("./commands/check.js");
      const r = await checkCommand(scenario, answer, opts, io);
      setOutput(r.text, r.code);
    });
  cmd
    .command("landscape")
    .description("Openness regulation: classify every (θ, p) of a grid into regions, write JSON/CSV")
    .argument("<scenario>", "openness scenario file, or - for standard input")
    .option("--theta <range>", "thresholds θ: from:to:count or a,b,c (default 0:1:101)")
    .option("--penalty <range>", "penalties p: from:to:count or a,b,c (default 0:1:101)")
    .option("--band <range>", "instead: the threshold band (ω_NR, θ_max] over these α0, per penalty")
    .option("--out <file>", "write to this file (.json or .csv); stdout if omitted")
    .option("--format <format>", "json or csv (default: from --out's extension, else json)")
    .option("--force", "overwrite an existing --out file")
    .option("--workers <n>", "split θ rows across n worker threads (default 1)")
    .option("--delta-grid <n>", "bargaining mode: grid intervals over δ (default 64)")
    .option("--queue <url>", "solve the θ rows on the ftg worker pool of this Redis (redis://host:port)")
    .option("--chunk-rows <n>", "with --queue: θ rows per job (default 8)")
    .option("--no-progress", "no progress bar on stderr (drawn only when stderr is a terminal)")
    .option("-q, --quiet", "no progress bar and no status lines on stderr (errors and warnings still shown)")
    .action(async (path: string, opts: Record<string, unknown>) => {
      const { landscapeCommand } = await import("./commands/landscape.js");
      setOutput(await landscapeCommand(path, opts, io));
    });
  cmd
    .command("collab-train")
    .description("Collaboration schemes with real training on Fashion-MNIST; writes the trajectory JSON/CSV")
    .option("--model <model>", "logistic or lenet5 (default logistic; lenet5 with --protocol paper)")
    .option("--protocol <p>", "ours (default) or paper: what the authors' script does (docs/real-data.md)")
    .option(
      "--scheme <list>",
      "all, or a comma list of defection-free, complete, one-sided-low, one-sided-high",
    )
    .option("--rounds <T>", "rounds, one epoch per firm each (default 200 logistic, 50 lenet5)")
    .option("--step-size <alpha>", "base learning rate, or auto: 1/L for logistic, 0.05 for lenet5")
    .option("--batch-size <n>", "examples per minibatch update, or full (default 64)")
    .option(
      "--measure <measure>",
      "quality: accuracy (1 − error rate, default) or loss (1 − normalised loss)",
    )
    .option("--firm-size <n>", "examples per firm (default 1000)")
    .option(
      "--skew <share>",
      "low firm's share of labels ≤ split; the high firm gets 1 − share (default 0.8)",
    )
    .option("--label-split <k>", "labels ≤ k are the low labels (default 5)")
    .option("--pretrain <low,high>", "pre-training epochs on own data (default 0,10)")
    .option(
      "--pretrain-step-size <alpha>",
      "learning rate of pre-training (default 0.01 logistic, the paper's; 0.05 lenet5)",
    )
    .option("--firms <spec>", "N firms: id:size:lowLabelShare:epochs,... (instead of the three above)")
    .option("--target-size <n>", "test examples in the target (default 10000 logistic, 1000 lenet5)")
    .option(
      "--validation-size <n>",
      "validation examples the schemes decide on (default 10000 logistic, 1000 lenet5)",
    )
    .option("--max-quality <q>", "q_h* of Proposition 2, or estimate (default)")
    .option("--max-quality-epochs <n>", "rounds of the q_h* estimate (default: --rounds)")
    .option("--seed <n>", "seed of data selection, initialisation and minibatches (default 0)")
    .option("--seeds <list>", "run every scheme for each seed: a..b or a,b,c; mean and spread")
    .option("--stall-rounds <k>", "report a run stalled after k rounds without movement (default 25)")
    .option("--stop-on-stall", "stop a run when it stalls")
    .option("--data-dir <dir>", "folder with the four IDX files (default /usr/share/datasets/fashion-mnist)")
    .option("--out <prefix>", "write <prefix>.json and <prefix>.csv (default collab-train)")
    .option("--force", "overwrite existing output files")
    .option("--no-progress", "no progress bar (per round, with ETA) on stderr")
    .option(
      "--threads <n>",
      "threads evaluating the target: 1, 2 or auto (2 on ≥ 2 cores); same results either way",
    )
    .action(async (opts: Record<string, unknown>) => {
      const { collabTrainCommand } = await import("./commands/collabTrain.js");
      setOutput(await collabTrainCommand(opts, io));
    });
  cmd
    .command("plot")
    .description("Draw a scenario's natural figure (SVG on stdout, or --out file.svg|.png|.json)")
    .argument("<scenario>", "scenario file, or - for standard input")
    .option("--out <file>", "write the figure here (.svg, .png, or .json for the Vega-Lite specification)")
    .option("--force", "overwrite an existing --out file")
    .option(
      "--set <name=value>",
      "fill the scenario's {{name}} placeholders with a number, repeatable",
      collect,
    )
    .option("-q, --quiet", "no progress bar and no status lines on stderr (errors and warnings still shown)")
    .option("--samples <n>", "fine-tuning: points over δ (default 201)")
    .option(
      "--highlight <name>",
      "fine-tuning, more than nine specialists: the specialist drawn as a line (default the first)",
    )
    .action(async (path: string, opts: Record<string, unknown>) => {
      const { plotCommand } = await import("./commands/plot.js");
      setOutput(await plotCommand(path, opts, io));
    });
  cmd
    .command("sweep")
    .description("Solve a scenario over a grid of parameter values on all cores; one CSV/JSON row per point")
    .argument("<scenario>", "scenario file, or - for standard input")
    .option(
      "--vary <spec>",
      "<path>=<from>:<to>[:log]:<count>, repeatable",
      (v: string, acc: string[] = []) => [...acc, v],
    )
    .option(
      "--out <file>",
      "output file (.csv or .json); a journal <out>.journal allows resuming; stdout if omitted",
    )
    .option("--format <format>", "csv or json (default: from --out's extension, else csv)")
    .option("--force", "overwrite an existing output and discard its journal")
    .option("--workers <n>", "worker threads (default: all cores; 0 = this thread)")
    .option("--chunk <n>", "points per message to a worker (default: adaptive)")
    .option("--no-certify", "fine-tuning: skip certificates (faster)")
    .option("--delta-grid <n>", "fine-tuning: bargaining grid intervals over δ")
    .option("--no-progress", "no progress bar on stderr (drawn only when stderr is a terminal)")
    .option("-q, --quiet", "no progress bar and no status lines on stderr (errors and warnings still shown)")
    .option("--queue <url>", "distribute over a Redis/BullMQ queue (redis://host:port; see ftg worker)")
    .action(async (path: string, opts: Record<string, unknown>) => {
      const { sweepCommand } = await import("./commands/sweep.js");
      setOutput(await sweepCommand(path, opts, io));
    });
  cmd
    .command("worker")
    .description(
      "Solve chunks of distributed sweeps, landscapes, fine-tuning δ grids and market certificates from a Redis/BullMQ queue until interrupted",
    )
    .option("--queue <url>", "redis://host:port")
    .option("--concurrency <n>", "chunks solved at once by this process (default 1)")
    .option("--lock-ms <ms>", "silence after which a chunk is retried elsewhere (default 30000)")
    .action(async (opts: Record<string, unknown>) => {
      const { workerCommand } = await import("./commands/worker.js");
      setOutput(await workerCommand(opts, io));
    });
  cmd
    .command("reproduce")
    .description(
      "Regenerate every figure of the three papers (data, SVG/PNG) with an index.html of numeric checks",
    )
    .option("--out <dir>", "output folder (default reproduction)")
    .option("--quick", "coarser plotting grids (the same checks)")
    .option("--only <ids>", "comma list of figure ids")
    .option("--no-png", "skip PNG rendering")
    .option("--force", "overwrite an existing reproduction")
    .option(
      "--real",
      "learning figures (collaboration Figures 1–3) from real training, not the analytic learner",
    )
    .option("--real-model <model>", "with --real: logistic (default) or lenet5")
    .option("--from <run.json>", "with --real: draw the learning figures from a saved collab-train run")
    .option("--real-rounds <T>", "with --real: rounds (default 200)")
    .option("--firm-size <n>", "with --real: examples per firm (default 1000)")
    .option("--seed <n>", "with --real: seed (default 0)")
    .option(
      "--data-dir <dir>",
      "with --real: Fashion-MNIST folder (default /usr/share/datasets/fashion-mnist)",
    )
    .option("--no-progress", "with --real: no training progress bar on stderr (only drawn on a terminal)")
    .option("-q, --quiet", "no progress bar and no status lines on stderr (errors and warnings still shown)")
    .action(async (opts: Record<string, unknown>) => {
      const { reproduceCommand } = await import("./commands/reproduce.js");
      setOutput(await reproduceCommand(opts, io));
    });
  return cmd;
}

/** Runs the command line with `argv` (without `node` and the script) and returns the exit code. */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  let output: Output = "";
  let code: number = EXIT.ok;
  try {
    await program(io, (s, c = EXIT.ok) => {
      output = s;
      code = c;
    }).parseAsync([...argv], { from: "user" });
    await writeOutput(io.stdout, output);
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      // help and version are "errors" with exit code 0 in commander's exitOverride mode
      return e.exitCode === 0 ? EXIT.ok : EXIT.userError;
    }
    if (e instanceof Interrupted) {
      io.stderr.write(`${e.message}\n`);
      return EXIT.interrupted;
    }
    const message = userErrorMessage(e);
    if (message !== undefined) {
      io.stderr.write(`ftg: error: ${message}\n`);
      return EXIT.userError;
    }
    const err = e as Error;
    io.stderr.write(`ftg: internal error: ${err.message} (please report it; FTG_DEBUG=1 shows the stack)\n`);
    if (process.env["FTG_DEBUG"] === "1") io.stderr.write(`${err.stack ?? ""}\n`);
    return EXIT.internal;
  }
}
