/** A small benchmark harness: warm up, then time repeated runs; prints median and spread. */

export interface BenchResult {
  readonly name: string;
  readonly median: number;
  readonly min: number;
  readonly runs: number;
}

/** Times `fn` (milliseconds per call): at least `minRuns` calls and `minMs` milliseconds. */
export function bench(
  name: string,
  fn: () => unknown,
  options: { minRuns?: number; minMs?: number } = {},
): BenchResult {
  const minRuns = options.minRuns ?? 5;
  const minMs = options.minMs ?? 1000;
  for (let i = 0; i < Math.min(3, minRuns); i++) fn();
  const times: number[] = [];
  const start = performance.now();
  while (times.length < minRuns || performance.now() - start < minMs) {
    // batch very fast functions so the clock's resolution does not dominate
    const t0 = performance.now();
    let k = 0;
    do {
      fn();
      k++;
    } while (performance.now() - t0 < 0.5 && k < 10_000);
    times.push((performance.now() - t0) / k);
    if (times.length > 100_000) break;
  }
  times.sort((a, b) => a - b);
  return { name, median: times[Math.floor(times.length / 2)]!, min: times[0]!, runs: times.length };
}

/** Formats milliseconds as µs/ms/s. */
export function duration(ms: number): string {
  if (ms < 1) return `${(ms * 1000).toFixed(1)} µs`;
  if (ms < 1000) return `${ms.toFixed(2)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

/** Prints one line per result, with an optional target. */
export function report(r: BenchResult, target?: number): void {
  const verdict =
    target === undefined
      ? ""
      : r.median <= target
        ? `  (target ${duration(target)}: met)`
        : `  (target ${duration(target)}: MISSED)`;
  console.log(
    `${r.name.padEnd(62)} ${duration(r.median).padStart(10)}  (min ${duration(r.min)}, ${r.runs} runs)${verdict}`,
  );
}

/**
 * Bytes allocated per call of `fn` (including what the garbage collector has already freed), by
 * V8's sampling heap profiler over `runs` calls after as many warm-up calls: an estimate, good to a
 * few per cent at a few thousand calls.
 */
export async function allocatedPerCall(fn: () => unknown, runs: number): Promise<number> {
  const { Session } = await import("node:inspector/promises");
  for (let i = 0; i < runs; i++) fn();
  const session = new Session();
  session.connect();
  await session.post("HeapProfiler.startSampling", {
    samplingInterval: 128,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  for (let i = 0; i < runs; i++) fn();
  const { profile } = await session.post("HeapProfiler.stopSampling");
  session.disconnect();
  let total = 0;
  const walk = (node: { selfSize: number; children: (typeof node)[] }): void => {
    total += node.selfSize;
    for (const child of node.children) walk(child);
  };
  walk(profile.head);
  return total / runs;
}
