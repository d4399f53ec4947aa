/** The progress line of `ftg collab-train` (stderr), and durations as people read them. */

/** "1 h 02 min", "3 min 05 s", "12.3 s". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "?";
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m} min ${String(Math.floor(seconds - 60 * m)).padStart(2, "0")} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, "0")} min`;
}

/** Where a run is, for {@link progressLine}. */
export interface CollabProgress {
  readonly scheme: string;
  /** 0-based index of the running scheme. */
  readonly schemeIndex: number;
  readonly schemes: number;
  /** Rounds finished in the running scheme. */
  readonly round: number;
  readonly rounds: number;
  /** Seconds since the command started. */
  readonly elapsed: number;
  /** Seconds since the first scheme started (after setting up the firms). */
  readonly trainingElapsed: number;
}

/**
 * The progress line of `collab-train`: a bar over every round of every scheme, the position, the
 * elapsed time and the ETA (rounds still to run × the average time of a finished round; "…" until
 * one has finished).
 *
 * @example
 * ```ts
 * const p = { scheme: "complete", schemeIndex: 1, schemes: 2, round: 50, rounds: 100, elapsed: 80, trainingElapsed: 60 };
 * progressLine(p) // "[███████████████░░░░░] 75% · complete round 50/100 · scheme 2/2 · 1 min 20 s · ETA 20.0 s"
 * ```
 */
export function progressLine(p: CollabProgress): string {
  const total = p.schemes * p.rounds;
  const done = Math.min(total, p.schemeIndex * p.rounds + p.round);
  const width = 20;
  const filled = Math.floor((width * done) / total);
  const bar = `[${"█".repeat(filled)}${"░".repeat(width - filled)}]`;
  const eta = done > 0 ? formatDuration((p.trainingElapsed / done) * (total - done)) : "…";
  return `${bar} ${Math.floor((100 * done) / total)}% · ${p.scheme} round ${p.round}/${p.rounds} · scheme ${p.schemeIndex + 1}/${p.schemes} · ${formatDuration(p.elapsed)} · ETA ${eta}`;
}
