/**
 * Reading a record `ftg collab-train` wrote (`<out>.json`) back, typed: what `ftg plot` draws and
 * `ftg reproduce --from` reuses. One reader checks the shape both rely on, so neither command
 * reads another's untyped JSON; errors name the file and what it lacks. Types only are imported
 * from the writer's modules, so reading a record loads no training code.
 */
import type { RecordedRun } from "@ftg/core";
import type { ExperimentSetup } from "@ftg/ml";
import { UserError } from "../errors.js";
import type { CollabTrainSettings, RunRecord } from "./collabRecord.js";

/** The `tool` field that marks a collab-train record. */
export const RECORD_TOOL = "ftg collab-train";

/** A collab-train record, as far as its readers rely on it. */
export interface CollabRecordFile {
  readonly tool: typeof RECORD_TOOL;
  /** Every resolved option (absent in hand-made records, which can still be drawn). */
  readonly settings?: CollabTrainSettings;
  /** The seeds run (the first is `seed`). */
  readonly seeds?: readonly number[];
  readonly seed?: number;
  readonly data?: { readonly name?: string };
  /** Each seed's training setup (records of this version). */
  readonly setups?: readonly ExperimentSetup[];
  /** Non-empty, each with its scheme and a non-empty trajectory. */
  readonly runs: readonly RunRecord[];
}

/** True when `raw` says it is a collab-train record (its shape is checked by {@link readCollabRecord}). */
export function isCollabRecord(raw: unknown): boolean {
  return (raw as { tool?: unknown } | null)?.tool === RECORD_TOOL;
}

/** `raw` as a collab-train record, or a user error naming `label` and what is missing. */
export function readCollabRecord(raw: unknown, label: string): CollabRecordFile {
  const rec = raw as Partial<Record<keyof CollabRecordFile, unknown>> | null;
  if (rec === null || typeof rec !== "object" || !isCollabRecord(rec))
    throw new UserError(`${label}: expected the JSON record ftg collab-train writes`);
  const runs = rec.runs;
  const ok =
    Array.isArray(runs) &&
    runs.length > 0 &&
    runs.every(
      (r: unknown) =>
        typeof r === "object" &&
        r !== null &&
        typeof (r as RunRecord).scheme === "string" &&
        Array.isArray((r as RunRecord).trajectory) &&
        (r as RunRecord).trajectory.length > 0,
    );
  if (!ok) throw new UserError(`${label}: runs: expected the non-empty list of runs collab-train writes`);
  return rec as CollabRecordFile;
}

/**
 * The two-firm runs of a record as the figure of recorded runs takes them; N-firm runs are
 * refused (that figure is by role).
 */
export function recordedTwoFirmRuns(rec: CollabRecordFile, label: string): RecordedRun[] {
  const runs = rec.runs as readonly (RunRecord & { trajectory: readonly { ql?: unknown }[] })[];
  if (runs.some((r) => r.firms !== undefined || typeof r.trajectory[0]!.ql !== "number"))
    throw new UserError(`${label}: runs: only two-firm runs are drawn; this record has N-firm runs`);
  return runs as unknown as RecordedRun[];
}
