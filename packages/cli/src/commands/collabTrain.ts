/**
 * `ftg collab-train [options]`: the collaboration schemes with real training (Werner et al.,
 * Section 5) on Fashion-MNIST from Debian's dataset-fashion-mnist package — logistic regression or
 * LeNet-5, the firms' skewed training sets, decisions on a validation split and quality on the test
 * set reported beside them (`--protocol paper`: the authors' script instead). Writes the
 * trajectory of every seed and scheme as `<out>.json` (with seeds, data hashes and every resolved
 * option) and `<out>.csv` (one row per seed, scheme and round), journaling every round to
 * `<out>.journal` so an interrupted run resumes; prints a summary table on stdout and status and
 * progress on stderr. Existing files are never overwritten without `--force`; `ftg plot` draws the
 * JSON. The command only wires its parts: the options (../training/collabOptions.ts), the output
 * files (../training/collabOutput.ts) and the training runner (../training/collabRun.ts), which
 * `ftg reproduce --real` uses too.
 */
import type { Io } from "../io/streams.js";
import {
  type CollabTrainCommandOptions,
  resolveCollabTrainOptions,
  resolveThreads,
} from "../training/collabOptions.js";
import { prepareCollabOutputs, writeCollabOutputs } from "../training/collabOutput.js";
import { openJournal, runCollabTrain } from "../training/collabRun.js";

/** Runs `collab-train`; returns the text for stdout. */
export async function collabTrainCommand(opts: CollabTrainCommandOptions, io: Io): Promise<string> {
  const s = resolveCollabTrainOptions(opts);
  const force = opts.force === true;
  // Everything about the output is checked before any training starts.
  const files = await prepareCollabOutputs(s.out, force);
  const journal = openJournal(`${s.out}.journal`, s, force);
  const run = await runCollabTrain(s, io, {
    progress: opts.progress !== false,
    threads: resolveThreads(opts.threads),
    journal,
  });
  await writeCollabOutputs(files, run);
  journal.finish();
  io.stderr.write(`collab-train: wrote ${files.json} and ${files.csv}\n`);
  return run.text;
}
