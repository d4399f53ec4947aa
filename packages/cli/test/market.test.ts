import { describe, expect, it } from "vitest";
import { solveScenario } from "./helpers.js";

const ftg = solveScenario;

describe("ftg solve, model market", () => {
  it("gives prices, demands and revenues in the input's order, with certificates", async () => {
    const r = await ftg({ model: "market", qualities: [0.3, 0.9, 0.6] }, "--json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.prices).toHaveLength(3);
    expect(j.demands).toHaveLength(3);
    expect(j.revenues).toHaveLength(3);
    expect(j.prices[1]).toBeCloseTo(9 / 52, 10);
    expect(j.prices[2]).toBeCloseTo(3 / 65, 10);
    expect(j.prices[0]).toBeCloseTo(3 / 260, 10);
    expect(j.certificates.isEquilibrium).toBe(true);
    expect(j.certificates.deviationGains).toHaveLength(3);
    expect(j.paper.lemma7IsEquilibrium).toBe(false);
  });

  it("prints a table by default and CSV with --csv", async () => {
    const t = await ftg({ model: "market", qualities: [0.9, 0.6, 0.3] });
    expect(t.out).toContain("equilibrium certified: yes");
    const c = await ftg({ model: "market", qualities: [0.9, 0.6, 0.3] }, "--csv");
    const lines = c.out.trim().split("\n");
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe("firm,quality,price,demand,revenue,deviationGain");
  });

  it("accepts a piecewise-linear consumer density", async () => {
    const r = await ftg(
      {
        model: "market",
        qualities: [0.9, 0.6],
        consumers: {
          density: [
            [0, 0],
            [1, 2],
          ],
        },
      },
      "--json",
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).certificates.isEquilibrium).toBe(true);
  });

  it("rejects bad input with one line naming the field, the value and the expectation", async () => {
    const r = await ftg({ model: "market", qualities: [0.9, 1.5] });
    expect(r.code).toBe(2);
    expect(r.err.trim().split("\n")).toHaveLength(1);
    expect(r.err).toContain("qualities[1]");
    expect(r.err).toContain("1.5");
    expect(r.err).toContain("[0, 1]");
  });
});
