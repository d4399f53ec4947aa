/**
 * The expression parser (mathjs) and the schema library (zod) load on first use: a program that
 * solves polynomial games, markets, openness regulation or collaboration schemes never loads
 * mathjs, and one that validates no scenario never loads zod. Each check runs in a fresh Node
 * process (the module caches of this test runner are shared), on the sources.
 */
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

/** Runs `body` (an ES module body; `core` is @ftg/core) and returns the libraries it loaded. */
function librariesLoadedBy(body: string): string[] {
  const code = `
    import { createRequire } from "node:module";
    const core = await import("@ftg/core");
    ${body}
    const loaded = new Set();
    for (const file of Object.keys(createRequire(import.meta.url).cache)) {
      const m = /node_modules[\\\\/](mathjs|zod)[\\\\/]/.exec(file);
      if (m) loaded.add(m[1]);
    }
    console.log(JSON.stringify([...loaded].sort()));`;
  const r = spawnSync(
    process.execPath,
    ["--import", "tsx", "--conditions=source", "--input-type=module", "-e", code],
    { cwd: root, encoding: "utf8" },
  );
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout.trim().split("\n").at(-1)!) as string[];
}

describe("libraries loaded on first use", () => {
  it("importing the core loads neither mathjs nor zod", () => {
    expect(librariesLoadedBy("")).toEqual([]);
  });

  it("polynomial games, markets, openness and collaboration solve without mathjs or zod", () => {
    const loaded = librariesLoadedBy(`
      const game = core.fineTuningGameFromScenario({
        generalist: { cost: { polynomial: { c: 1, k: 2 } } },
        specialists: [{ cost: { polynomial: { c: 2, k: 2 } }, revenue: "a" }],
      });
      if (core.solveFineTuning(game).method !== "closed-form") throw new Error("fine-tuning");
      core.marketEquilibrium({ qualities: [0.9, 0.6, 0.3] });
      core.solveOpenness(core.opennessModelFromScenario({ model: "openness", alpha0: 0.3, delta: 0.5 }));
      const s = { model: "collaboration", initial: { low: 0.2, high: 0.7 }, maxQuality: 1 };
      core.runScheme({ learners: core.learnersFromScenario(s), maxQuality: 1 }, "defection-free", { rounds: 5 });`);
    expect(loaded).toEqual([]);
  });

  it("the first expression loads mathjs, the first validation zod", () => {
    expect(
      librariesLoadedBy(`core.fineTuningGameFromScenario({
        generalist: { cost: "a0^2" }, specialists: [{ cost: "2*(a-a0)^2" }] });`),
    ).toEqual(["mathjs"]);
    expect(
      librariesLoadedBy(`core.marketScenarioSchema.parse({ model: "market", qualities: [0.5] });`),
    ).toEqual(["zod"]);
  });
});
