import { describe, expect, it } from "vitest";
import { solveScenario } from "./helpers.js";

const ftg = solveScenario;

const scenario = {
  model: "collaboration",
  initial: { low: 0.2, high: 0.7 },
  maxQuality: 1,
  scheme: "defection-free",
  rounds: 200,
  learner: { kind: "analytic", rate: 0.05 },
};

describe("ftg solve, model collaboration", () => {
  it("gives the roles by starting quality: a firm named low that starts better plays high, and nobody loses", async () => {
    const r = await ftg({ ...scenario, initial: { low: 0.7, high: 0.2 } }, "--json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.roles).toEqual({ low: "high", high: "low" });
    expect(j.target.nash).toBeGreaterThan(0);
    expect(j.verdict.anyLoss).toBe(false);
    const plain = JSON.parse((await ftg(scenario, "--json")).out);
    expect(j.target).toEqual(plain.target);
    const text = await ftg({ ...scenario, initial: { low: 0.7, high: 0.2 } });
    expect(text.out).toContain(
      'Roles by starting quality: firm "high" plays the low role, firm "low" the high one',
    );
  });

  it("gives the Nash target and the trajectory; the defection-free run loses nothing", async () => {
    const r = await ftg(scenario, "--json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(Object.keys(j.target).sort()).toEqual(["nash", "qh", "ql", "rho"]);
    expect(j.target.qh).toBe(1);
    expect(j.trajectory).toHaveLength(201);
    expect(Object.keys(j.trajectory[0]).sort()).toEqual([
      "nash",
      "qh",
      "ql",
      "revenueHigh",
      "revenueLow",
      "rho",
      "round",
    ]);
    expect(j.verdict.anyLoss).toBe(false);
    expect(j.verdict.converged).toBe(true);
  });

  it("prints the trajectory as CSV with --csv", async () => {
    const r = await ftg({ ...scenario, scheme: "complete", rounds: 10 }, "--csv");
    const lines = r.out.trim().split("\n");
    expect(lines).toHaveLength(12);
    expect(lines[0]).toBe("round,ql,qh,revenueLow,revenueHigh,rho,nash");
  });

  it("runs every scheme", async () => {
    for (const s of ["complete", "one-sided-low", "one-sided-high"]) {
      const r = await ftg({ ...scenario, scheme: s, rounds: 20 }, "--json");
      expect(r.code).toBe(0);
      expect(JSON.parse(r.out).scheme).toBe(s);
    }
  });

  it("runs the N-firm protocol for three or more firms", async () => {
    const r = await ftg(
      { model: "collaboration", initial: { A: 0.8, B: 0.4, C: 0.1 }, rounds: 30 },
      "--json",
    );
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(Object.keys(j.target.qualities)).toEqual(["A", "B", "C"]);
    expect(j.verdict.anyLoss).toBe(false);
  });

  it("rejects an unknown scheme and an initial quality above maxQuality with one clear line", async () => {
    const a = await ftg({ ...scenario, scheme: "fedavg" });
    expect(a.code).toBe(2);
    expect(a.err).toContain("scheme");
    expect(a.err).toContain("fedavg");
    const b = await ftg({ ...scenario, initial: { low: 0.2, high: 0.9 }, maxQuality: 0.8 });
    expect(b.code).toBe(2);
    expect(b.err).toContain("initial.high");
    expect(b.err.trim().split("\n")).toHaveLength(1);
  });
});
