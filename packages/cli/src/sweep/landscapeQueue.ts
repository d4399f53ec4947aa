/**
 * `ftg landscape … --queue redis://host:port`: the landscape's θ rows split into chunks on the
 * sweep queue (`ftg-sweep`), solved by the same `ftg worker` processes as sweeps. A chunk is a
 * job named "landscape-rows" carrying the model, both grids and its row range; the worker runs
 * `regulatoryLandscape` on exactly those rows (the function a local run calls), so the assembled
 * grid equals a local run's, row for row. Job ids are `<signature>-rows-<start>`, deterministic,
 * so a re-submitted landscape re-adds only what Redis does not already hold.
 */
import { createHash } from "node:crypto";
import { landscapeArrays, type RegulatoryLandscape, regulatoryLandscape } from "@ftg/core";
import { Job, Queue } from "bullmq";
import { UserError } from "../errors.js";
import { FLOAT_KEYS, LANDSCAPE_JOB, type LandscapeChunk, type LandscapeRows } from "./landscapeRows.js";
import { connectionFromUrl, QUEUE_NAME } from "./queue.js";

/**
 * Enqueues the landscape in chunks of `rowsPerChunk` rows and assembles the answer as chunks
 * complete; `onRows` is told how many rows arrived.
 */
export async function landscapeOnQueue(
  url: string,
  job: Omit<LandscapeChunk, "rows">,
  rowsPerChunk: number,
  onRows?: (rows: number) => void,
): Promise<RegulatoryLandscape> {
  const connection = connectionFromUrl(url);
  const queue = new Queue<LandscapeChunk, LandscapeRows>(QUEUE_NAME, { connection });
  const sig = createHash("sha256").update(JSON.stringify(job)).digest("hex").slice(0, 16);
  const nT = job.thetas.length;
  const nP = job.penalties.length;
  const size = nT * nP;
  const out = landscapeArrays(size);
  const indifference: (number | null)[] = new Array(nT).fill(null);
  const warnings = new Set<string>();
  let bargainsSolved = 0;
  try {
    await queue.waitUntilReady();
    const open = new Set<string>();
    const jobs = [];
    for (let a = 0; a < nT; a += rowsPerChunk) {
      const rows: [number, number] = [a, Math.min(nT, a + rowsPerChunk)];
      const jobId = `landscape-${sig}-rows-${a}`;
      open.add(jobId);
      jobs.push({
        name: LANDSCAPE_JOB,
        data: { ...job, rows },
        opts: { jobId, attempts: 3, backoff: { type: "fixed" as const, delay: 500 } },
      });
    }
    await queue.addBulk(jobs);
    const failures: string[] = [];
    while (open.size > 0) {
      for (const id of [...open]) {
        const state = await queue.getJobState(id);
        if (state !== "completed" && state !== "failed") continue;
        const j = await Job.fromId<LandscapeChunk, LandscapeRows>(queue, id);
        if (j === undefined) continue;
        open.delete(id);
        if (state === "failed") {
          failures.push(`${id}: ${j.failedReason}`);
          continue;
        }
        const r = j.returnvalue;
        const at = r.rows[0] * nP;
        out.region.set(r.region, at);
        out.decision.set(r.decision, at);
        for (const key of FLOAT_KEYS)
          out[key].set(
            r[key].map((v) => v ?? Number.NaN),
            at,
          );
        for (let i = r.rows[0]; i < r.rows[1]; i++) indifference[i] = r.indifference[i - r.rows[0]] ?? null;
        for (const w of r.warnings) warnings.add(w);
        bargainsSolved += r.bargainsSolved;
        onRows?.(r.rows[1] - r.rows[0]);
        await j.remove();
      }
      if (open.size > 0) await new Promise((r) => setTimeout(r, 200));
    }
    if (failures.length > 0)
      throw new UserError(
        `landscape: ${failures.length} chunk(s) failed after every attempt: ${failures.join("; ")}`,
      );
  } finally {
    await queue.close();
  }
  // the unregulated bargain and the mode, as the local run reports them (one cheap solve)
  const head = regulatoryLandscape(job.model, job.thetas, job.penalties, {
    rows: [0, 0],
    certify: false,
    bargaining: { gridSize: job.deltaGrid },
  });
  return {
    ...head,
    rows: [0, nT],
    ...out,
    indifference,
    bargainsSolved,
    warnings: [...warnings],
  };
}
