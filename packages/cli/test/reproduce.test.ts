import { existsSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, SUBSET_DIR } from "./helpers.js";
import { tempDir } from "./tempDirs.js";

describe("ftg reproduce", () => {
  const dir = join(tempDir("ftg-rep-"), "out");

  it("writes data, specification, SVG and PNG per figure and an index.html with the checks table", async () => {
    const r = await cli(["reproduce", "--out", dir, "--quick", "--only", "ftg-figure-4,dfc-figure-2"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/2 figures, 11 checks \(11 pass, 0 fail\)/);
    for (const f of [
      "ftg-figure-4.solutions.csv",
      "ftg-figure-4.json",
      "ftg-figure-4.vl.json",
      "ftg-figure-4.svg",
      "ftg-figure-4.png",
      "dfc-figure-2.a-revenue.csv",
      "checks.json",
    ]) {
      expect(existsSync(join(dir, f)), f).toBe(true);
    }
    const html = readFileSync(join(dir, "index.html"), "utf8");
    expect(html).toContain("npx ftg reproduce --only ftg-figure-4 --quick");
    expect(html).toContain("erratum FTG-E4");
    expect(html).toContain("erratum figure-2a-negative-revenue");
    expect(html).toMatch(/<th>paper<\/th><th>ours<\/th><th>tolerance<\/th>/);
  });

  it("refuses to overwrite a reproduction without --force and names unknown figures", async () => {
    const again = await cli(["reproduce", "--out", dir, "--quick", "--only", "dfc-figure-5"]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already holds a reproduction/);
    const unknown = await cli(["reproduce", "--out", dir, "--only", "figure-99", "--force"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown figure "figure-99"/);
  });

  it("--real draws the learning figures from a real collab-train run (fixture data, logistic regression)", async () => {
    const out = join(tempDir("ftg-rep-real-"), "out");
    const only = "dfc-figure-1,dfc-figure-2,dfc-figure-3,dfc-figure-5";
    const flags = ["--real", "--data-dir", SUBSET_DIR, "--firm-size", "300", "--real-rounds", "12"];
    const r = await cli(["reproduce", "--out", out, "--quick", "--no-png", "--only", only, ...flags]);
    expect(r.stderr).toMatch(
      /reproduce: real training for the learning figures \(logistic, all four schemes, 12 rounds\)/,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /^4 figures, 10 checks \(\d+ pass, 0 fail, \d+ differ from the paper on real data\)/,
    );
    expect(r.stdout).toContain(
      "learning figures dfc-figure-1, dfc-figure-2, dfc-figure-3: real training (logistic)",
    );
    const run = JSON.parse(readFileSync(join(out, "real-training.json"), "utf8"));
    expect(run.settings.rounds).toBe(12);
    expect(run.runs).toHaveLength(4);
    const fig3 = JSON.parse(readFileSync(join(out, "dfc-figure-3.json"), "utf8"));
    expect(fig3.parameters.learner).toBe("logistic (real training, ftg collab-train)");
    expect(fig3.data.quality).toHaveLength(2 * 13);
    const noLoss = fig3.checks.find((c: { id: string }) => c.id === "A1-no-loss");
    expect(noLoss.pass).toBe(true);
    // Figure 5 is analytic either way.
    const fig5 = JSON.parse(readFileSync(join(out, "dfc-figure-5.json"), "utf8"));
    expect(fig5.parameters).toEqual({});
    const html = readFileSync(join(out, "index.html"), "utf8");
    expect(html).toContain("come from real training: multinomial logistic regression on Fashion-MNIST");
    expect(html).toContain(
      `npx ftg reproduce --only dfc-figure-3 --quick --real --real-model logistic --real-rounds 12 --firm-size 300 --seed 0 --data-dir ${SUBSET_DIR}`,
    );
    expect(html).toContain(
      "Figure 3 — Defection-free collaboration (Algorithm 1) converges to the Nash bargaining solution (real training)",
    );
  });

  it("rejects real-training flags without --real, naming the flag", async () => {
    const r = await cli(["reproduce", "--out", join(tmpdir(), "never"), "--real-rounds", "5"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("ftg: error: --real-rounds: only used with --real (found 5)\n");
    const bad = await cli([
      "reproduce",
      "--out",
      join(tmpdir(), "never"),
      "--real",
      "--real-model",
      "resnet",
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('ftg: error: --real-model: expected "logistic" or "lenet5", found "resnet"\n');
  });
});
