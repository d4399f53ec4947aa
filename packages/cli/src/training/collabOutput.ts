/**
 * Where `ftg collab-train` writes: `<out>.json` (the record) and `<out>.csv` (the trajectories),
 * checked before any training starts (the folder exists and is writable; existing files are
 * never overwritten without `--force`) and written once the run has finished.
 */
import { constants } from "node:fs";
import { access, stat, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { UserError } from "../errors.js";
import type { CollabTrainRun } from "./collabRun.js";

/** The files a run with output prefix `out` writes. */
export interface CollabOutputs {
  readonly json: string;
  readonly csv: string;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path, constants.F_OK);
    return true;
  } catch {
    return false;
  }
}

/** The output files of prefix `out`, after checking they can be written. */
export async function prepareCollabOutputs(out: string, force: boolean): Promise<CollabOutputs> {
  const files = { json: `${out}.json`, csv: `${out}.csv` };
  const dir = dirname(resolve(out));
  try {
    if (!(await stat(dir)).isDirectory()) throw new Error("not a directory");
    await access(dir, constants.W_OK);
  } catch {
    throw new UserError(
      `--out: ${out}: the folder ${dir} does not exist or is not writable; create it first`,
    );
  }
  if (!force) {
    for (const path of [files.json, files.csv]) {
      if (await exists(path)) throw new UserError(`--out: ${path} exists; pass --force to overwrite it`);
    }
  }
  return files;
}

/** Writes a finished run's record and trajectories. */
export async function writeCollabOutputs(files: CollabOutputs, run: CollabTrainRun): Promise<void> {
  await writeFile(files.json, run.json);
  await writeFile(files.csv, run.csv);
}
