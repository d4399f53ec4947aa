/**
 * What the compute worker answers (./worker.ts runs it on each message): the pages' own views
 * (./compute.ts), and any model of the core's registry through its model object — parse, build,
 * solve, then the model's JSON, report and CSV — so a model added to the registry is answered
 * without a change here.
 */
import { type AnyModel, MODELS, modelFor } from "@ftg/core";
import { GameCache, opennessViews, type PageJobKind, runJob } from "./compute.js";
import type { Answers, Job, ModelAnswer } from "./protocol.js";

/** Solves a scenario of any registered model (`models`: the registry, by default the core's). */
export function modelAnswer(job: Job<"model">, models: ReadonlyMap<string, AnyModel> = MODELS): ModelAnswer {
  const model = modelFor((job.scenario as { model?: unknown } | null)?.model, models);
  const result = model.solve(
    model.build(model.parse(job.scenario)),
    job.certify === undefined ? {} : { certify: job.certify },
  );
  return {
    model: model.id,
    json: model.json(result),
    report: model.report(result),
    csv: model.csv(result),
    warnings: [...(result as { warnings: readonly string[] }).warnings],
  };
}

/**
 * The worker's answer to a job; the kind of job determines the type of the answer. A progressive
 * job's earlier answers go to `partial` as they are computed.
 */
export function answer<J extends Job>(
  job: J,
  games: GameCache,
  models: ReadonlyMap<string, AnyModel> = MODELS,
  partial: (value: Answers[J["kind"]]) => void = () => {},
): Answers[J["kind"]] {
  type A = Answers[J["kind"]];
  if (job.kind === "model") return modelAnswer(job as Job<"model">, models) as A;
  if (job.kind === "openness-progressive") {
    const j = job as Job<"openness-progressive">;
    let k = 0;
    for (const view of opennessViews(j.scenario, j.pMax, j.sizes)) {
      // each coarser map goes to the page as soon as it is computed; the last is the answer
      if (++k === j.sizes.length) return view as A;
      partial(view as A);
    }
    throw new Error("a progressive job with no sizes");
  }
  return runJob(job as Job<PageJobKind>, games) as A;
}

export { GameCache };
