/**
 * When a command shows a progress bar or status lines. Progress bars are for people watching a
 * terminal: only when stderr is one, never with --no-progress or --quiet. Status lines ("wrote …",
 * summaries) go to stderr, so that stdout carries only the answer, and --quiet silences them;
 * errors and warnings are never silenced.
 */
import type { Io } from "./streams.js";

/** The flags every command with progress or status output accepts. */
export interface ChatterFlags {
  /** `--no-progress` sets this to false. */
  readonly progress?: boolean;
  readonly quiet?: boolean;
}

/** Whether to draw a progress bar on `io.stderr`. */
export function showProgress(io: Io, flags: ChatterFlags): boolean {
  return (
    flags.progress !== false && flags.quiet !== true && (io.stderr as { isTTY?: boolean }).isTTY === true
  );
}

/** Writes a status line (no trailing newline needed) to stderr unless --quiet. */
export function status(io: Io, flags: ChatterFlags, line: string): void {
  if (flags.quiet !== true) io.stderr.write(line.endsWith("\n") ? line : `${line}\n`);
}
