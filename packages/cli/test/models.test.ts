/**
 * A model the command line has never seen — the Cournot duopoly defined in the core's tests —
 * answers `solve` (table, JSON, CSV), `plot` and a sweep point through the same functions the
 * commands use, given a registry that holds it: no surface code names any model.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { InputError } from "@ftg/core";
import { afterAll, describe, expect, it } from "vitest";
import { cournotModel, WITH_COURNOT } from "../../core/test/models/cournot.js";
import { checkCommand } from "../src/commands/check.js";
import { landscapeCommand } from "../src/commands/landscape.js";
import { plotSpec } from "../src/commands/plot.js";
import { solveCommand } from "../src/commands/solve.js";
import { sweepCommand } from "../src/commands/sweep.js";
import type { Io } from "../src/io/streams.js";
import { renderSvg } from "../src/render/render.js";
import { evaluateScenario } from "../src/sweep/evaluate.js";

const dir = mkdtempSync(join(tmpdir(), "ftg-models-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const io = (): Io => ({ stdout: new PassThrough(), stderr: new PassThrough(), stdin: new PassThrough() });
const scenario = { model: "cournot", a: 10, b: 1, c: 1 };
const file = (name: string, value: unknown): string => {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(value));
  return path;
};

describe("a model registered outside the command line", () => {
  it("prints its report as a table under `solve`", async () => {
    const out = await solveCommand(file("c.json", scenario), {}, io(), WITH_COURNOT);
    const lines = out.trimEnd().split("\n");
    expect(lines).toHaveLength(5);
    expect(lines[0]).toBe("Cournot duopoly at price 4");
    expect(lines[1]).toMatch(/^firm\s+quantity\s+profit$/);
    expect(lines[3]).toMatch(/^1\s+3\s+9$/);
  });

  it("prints its JSON answer under `solve --json`", async () => {
    const out = await solveCommand(file("c.json", scenario), { json: true }, io(), WITH_COURNOT);
    const json = JSON.parse(out) as { model: string; quantities: number[]; price: number };
    expect(json.model).toBe("cournot");
    expect(json.quantities).toHaveLength(2);
    expect(json.quantities[0]).toBeCloseTo(3, 12);
    expect(json.price).toBeCloseTo(4, 12);
  });

  it("prints its CSV rows under `solve --csv`", async () => {
    const out = await solveCommand(file("c.json", scenario), { csv: true }, io(), WITH_COURNOT);
    const lines = out.trimEnd().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe("firm,quantity,profit,deviationGain");
    expect(lines[1]).toMatch(/^1,3,9,/);
  });

  it("draws its figure under `plot`", async () => {
    const spec = (await plotSpec(scenario, "c.json", io(), { samples: 11, models: WITH_COURNOT })) as {
      title?: { text?: string; subtitle?: string };
      data?: { values?: unknown[] };
    };
    expect(JSON.stringify(spec)).toContain("Firm 1's profit against its quantity");
    expect(JSON.stringify(spec)).toContain("c.json");
    expect(await renderSvg(spec)).toMatch(/^<svg/);
  });

  it("gives a sweep row from its JSON answer", async () => {
    const row = await evaluateScenario(scenario, {}, WITH_COURNOT);
    expect(row["price"]).toBeCloseTo(4, 12);
    expect(row["quantities"]).toBe("3; 3");
    expect(row["warnings"]).toBe("");
  });

  it("answers `sweep` with one CSV row per grid point", async () => {
    const out = await sweepCommand(
      file("c.json", scenario),
      { vary: ["c=0:2:3"], workers: "0", progress: false, quiet: true },
      io(),
      WITH_COURNOT,
    );
    const lines = out.trimEnd().split("\n");
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^point,c,status,error,model,/);
    expect(lines[2]).toMatch(/^1,1,ok,,cournot,/);
  });

  it("is refused by `check` and `landscape`, which name the models that have what they need", async () => {
    const path = file("c.json", scenario);
    await expect(checkCommand(path, file("a.json", {}), {}, io(), WITH_COURNOT)).rejects.toThrow(
      /c\.json: model: ftg check expects "fine-tuning", found "cournot"/,
    );
    await expect(landscapeCommand(path, {}, io(), WITH_COURNOT)).rejects.toThrow(
      /c\.json: model: ftg landscape expects "openness", found "cournot"/,
    );
  });

  it("reports its bad fields as one line naming the scenario, the field and the value", async () => {
    const path = file("bad.json", { ...scenario, c: 20 });
    await expect(solveCommand(path, {}, io(), WITH_COURNOT)).rejects.toThrow(InputError);
    await expect(solveCommand(path, {}, io(), WITH_COURNOT)).rejects.toThrow(
      /bad\.json: c: expected a cost below a = 10 \(found 20\)/,
    );
  });

  it("refuses options its model does not honour before solving", async () => {
    await expect(
      solveCommand(file("c.json", scenario), { delta: "0.5" }, io(), WITH_COURNOT),
    ).rejects.toThrow(/--delta applies to "fine-tuning" and "openness" scenarios only/);
    await expect(
      plotSpec(scenario, "c.json", io(), { highlight: "D1", models: WITH_COURNOT }),
    ).rejects.toThrow(/--highlight: "D1" names a specialist, but c\.json is a cournot scenario/);
  });

  it("is unknown to the command line's default registry", async () => {
    await expect(solveCommand(file("c.json", scenario), {}, io())).rejects.toThrow(
      /model: expected one of .*found "cournot"/,
    );
    expect(cournotModel.id).toBe("cournot");
  });
});
