/**
 * End-to-end tests of the explorer in real headless Chromium: every page loads and shows the
 * core's numbers, sliders recompute them, shared links reproduce a state, scenario files import,
 * and bad input is reported beside its field without breaking the page. Screenshots are kept in
 * packages/web/test-artifacts/ (git-ignored).
 *
 * Needs /usr/bin/chromium (Debian's `chromium`, installed by scripts/setup.sh). Outside CI the
 * suite is skipped with a message when it is missing; in CI (CI=true) it runs and fails instead.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import {
  equilibriumAt,
  fineTuningGameFromScenario,
  fineTuningScenarioSchema,
  marketEquilibrium,
  opennessModelFromScenario,
  opennessScenarioSchema,
  solveFineTuning,
  solveOpenness,
} from "@ftg/core";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeState } from "../../src/urlState.js";
import { ARTIFACTS, browserAvailable, CHROMIUM, type Site, startSite } from "./browser.js";

const inCI = process.env["CI"] === "true";
const run = browserAvailable() || inCI;
if (!run) {
  console.warn(
    `explorer e2e tests skipped: ${CHROMIUM} not found (install Debian's chromium: bash scripts/setup.sh); they always run in CI`,
  );
}

let site: Site;

async function open(hash: string): Promise<Page> {
  const page = await site.browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  (page as unknown as { errors: string[] }).errors = errors;
  await page.goto(`${site.url}${hash}`);
  return page;
}

/** Waits until the page has finished `n` solves and nothing is pending. */
async function solved(page: Page, n: number): Promise<void> {
  await page.waitForFunction(
    (k) => {
      const m = document.getElementById("main")!;
      return Number(m.dataset["solves"] ?? "0") >= k && !m.hasAttribute("aria-busy");
    },
    n,
    { timeout: 30_000 },
  );
}

async function setSlider(page: Page, path: string, value: number): Promise<void> {
  await page.locator(`[data-slider-for="${path}"]`).evaluate((el, v) => {
    (el as HTMLInputElement).value = String(v);
    el.dispatchEvent(new Event("input", { bubbles: true }));
  }, value);
}

const cell = async (page: Page, selector: string): Promise<number> =>
  Number(await page.locator(selector).getAttribute("data-value"));

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

const quadratic = (c0: number, c1: number) =>
  fineTuningScenarioSchema.parse({
    generalist: { cost: { polynomial: { c: c0, k: 2 } }, disagreement: 0 },
    specialists: [{ name: "D", cost: { polynomial: { c: c1, k: 2 } }, revenue: "a", disagreement: 0 }],
  });

describe.skipIf(!run)("the explorer in headless Chromium", () => {
  beforeAll(async () => {
    if (!browserAvailable()) throw new Error(`CI=true but ${CHROMIUM} is missing: run scripts/setup.sh`);
    mkdirSync(ARTIFACTS, { recursive: true });
    site = await startSite();
  }, 180_000);
  afterAll(async () => {
    await site?.close();
  });

  it("opens on the Figure 4 scenario with the core's Pareto set and solutions", async () => {
    const page = await open("");
    await solved(page, 1);
    const core = solveFineTuning(fineTuningGameFromScenario(quadratic(1, 2)));
    expect(JSON.parse((await page.locator("[data-pareto]").getAttribute("data-pareto"))!)).toEqual(
      core.pareto,
    );
    for (const id of [
      "nash",
      "kalai-smorodinsky",
      "egalitarian",
      "utilitarian",
      "powerful-G",
      "powerful-D",
    ] as const) {
      const s = core.solutions[id]!;
      expect(await cell(page, `[data-solution-row="${id}"] td:nth-of-type(1)`)).toBeCloseTo(s.delta!, 10);
      expect(await cell(page, `[data-solution-row="${id}"] td:nth-of-type(4)`)).toBeCloseTo(
        s.utilities["G"]!,
        10,
      );
    }
    const marks = new Map<string, number>(
      JSON.parse((await page.locator("figure[data-marks]").getAttribute("data-marks"))!),
    );
    expect(marks.get("nash")).toBeCloseTo(core.solutions.nash.delta!, 10);
    expect(await page.locator("canvas").count()).toBeGreaterThan(0);
    await shot(page, "fine-tuning-default");
    expect((page as unknown as { errors: string[] }).errors).toEqual([]);
    await page.close();
  });

  it("moving the c1 slider and dragging δ update the numbers and marks to the core's values", async () => {
    const page = await open("#fine-tuning");
    await solved(page, 1);
    await setSlider(page, "specialists[0].cost.polynomial.c", 3.5);
    await solved(page, 2);
    const game = fineTuningGameFromScenario(quadratic(1, 3.5));
    const core = solveFineTuning(game);
    expect(await cell(page, '[data-solution-row="nash"] td:nth-of-type(1)')).toBeCloseTo(
      core.solutions.nash.delta!,
      10,
    );
    const marks = new Map<string, number>(
      JSON.parse((await page.locator("figure[data-marks]").getAttribute("data-marks"))!),
    );
    expect(marks.get("kalai-smorodinsky")).toBeCloseTo(core.solutions["kalai-smorodinsky"].delta!, 10);
    // δ by keyboard, as a user without a mouse would: 0.5 → 0.51 in ten steps of 0.001
    const slider = page.locator('[data-slider-for="delta"]');
    await slider.focus();
    for (let i = 0; i < 10; i++) await page.keyboard.press("ArrowRight");
    await page.waitForFunction(
      () => document.querySelector("[data-eq-delta]")?.getAttribute("data-eq-delta") === "0.51",
    );
    const at = equilibriumAt(game, 0.51);
    expect(await cell(page, '[data-player="G"] td:nth-of-type(1)')).toBeCloseTo(at.alpha0!, 10);
    expect(await cell(page, '[data-player="D"] td:nth-of-type(2)')).toBeCloseTo(at.utilities["D"]!, 10);
    await page.waitForFunction(() =>
      (document.querySelector("figure[data-marks]")?.getAttribute("data-marks") ?? "").includes(
        '["selected δ",0.51]',
      ),
    );
    // the address bar is written at the next idle moment, not on every slider event
    await expect.poll(() => page.url()).toContain("delta=0.51");
    // choosing a solution moves δ to it
    await page.locator('button[data-solution="egalitarian"]').click();
    await page.waitForFunction(
      (d) => document.querySelector("[data-eq-delta]")?.getAttribute("data-eq-delta") === String(d),
      core.solutions.egalitarian.delta,
    );
    await shot(page, "fine-tuning-c1-3.5");
    await page.close();
  });

  it("a shared link reproduces the scenario and δ", async () => {
    const scenario = quadratic(1, 0.5);
    const page = await open(encodeState({ page: "fine-tuning", scenario, params: { delta: "0.3" } }));
    await solved(page, 1);
    await page.waitForFunction(
      () => document.querySelector("[data-eq-delta]")?.getAttribute("data-eq-delta") === "0.3",
    );
    expect(await page.locator('[data-path="specialists[0].cost.polynomial.c"]').inputValue()).toBe("0.5");
    const game = fineTuningGameFromScenario(scenario);
    const core = solveFineTuning(game);
    expect(await cell(page, '[data-solution-row="nash"] td:nth-of-type(1)')).toBeCloseTo(
      core.solutions.nash.delta!,
      10,
    );
    expect(await cell(page, '[data-player="D"] td:nth-of-type(1)')).toBeCloseTo(
      equilibriumAt(game, 0.3).alphas["D"]!,
      10,
    );
    await page.close();
  });

  it("imports a YAML scenario with three specialists and shows their regimes", async () => {
    const page = await open("#fine-tuning");
    await solved(page, 1);
    const yaml = [
      "model: fine-tuning",
      "generalist: { cost: '2*a0^2' }",
      "specialists:",
      "  - { name: A, cost: { polynomial: { c: 1, k: 2 } } }",
      "  - { name: B, cost: { polynomial: { c: 3, k: 2 } }, revenue: '2*a' }",
      "  - { name: C, cost: '0.5*(a-a0)^2' }",
      "",
    ].join("\n");
    await page
      .locator("#ft-import")
      .setInputFiles({ name: "three.yaml", mimeType: "text/yaml", buffer: Buffer.from(yaml) });
    await solved(page, 2);
    expect(await page.locator("tr[data-specialist]").count()).toBe(3);
    await page.waitForFunction(() => document.querySelectorAll("[data-regime-of]")[2]?.textContent !== "—");
    const game = fineTuningGameFromScenario(
      fineTuningScenarioSchema.parse({
        generalist: { cost: "2*a0^2" },
        specialists: [
          { name: "A", cost: { polynomial: { c: 1, k: 2 } } },
          { name: "B", cost: { polynomial: { c: 3, k: 2 } }, revenue: "2*a" },
          { name: "C", cost: "0.5*(a-a0)^2" },
        ],
      }),
    );
    const at = equilibriumAt(game, 0.5);
    const regimes = await page.locator("[data-regime-of]").allTextContents();
    expect(regimes).toEqual(["A", "B", "C"].map((n) => at.regimes[n]));
    // add, duplicate and remove rows
    await page.getByRole("button", { name: "duplicate specialist 1" }).click();
    expect(await page.locator("tr[data-specialist]").count()).toBe(4);
    await page.getByRole("button", { name: "remove specialist 4" }).click();
    await page.getByRole("button", { name: "Add specialist" }).click();
    expect(await page.locator("tr[data-specialist]").count()).toBe(4);
    await shot(page, "fine-tuning-imported");
    await page.close();
  });

  it("with many specialists draws G, a highlighted specialist and the spread, with every solution at the core's δ", async () => {
    const scenario = fineTuningScenarioSchema.parse({
      generalist: { cost: { polynomial: { c: 1, k: 2 } } },
      specialists: Array.from({ length: 14 }, (_, i) => ({
        name: `S${i + 1}`,
        cost: { polynomial: { c: 0.5 + (i % 5) * 0.4, k: 2 + (i % 2) * 0.5 } },
        revenue: `${1 + (i % 3) * 0.25}*a`,
      })),
    });
    const page = await open(encodeState({ page: "fine-tuning", scenario, params: { delta: "0.5" } }));
    await solved(page, 1);
    const core = solveFineTuning(fineTuningGameFromScenario(scenario));
    expect(JSON.parse((await page.locator("[data-pareto]").getAttribute("data-pareto"))!)).toEqual(
      core.pareto,
    );
    const marks = new Map<string, number>(
      JSON.parse((await page.locator("figure[data-marks]").getAttribute("data-marks"))!),
    );
    for (const id of ["nash", "kalai-smorodinsky", "egalitarian", "utilitarian"] as const)
      expect(marks.get(id)).toBeCloseTo(core.solutions[id].delta!, 10);
    // the highlighted specialist: the first by default, then any other; it joins the equilibrium table
    const hl = page.getByLabel("Specialist drawn as a line");
    expect(await hl.inputValue()).toBe("S1");
    await hl.selectOption("S14");
    await expect.poll(() => page.url()).toContain("hl=S14");
    await expect.poll(() => page.locator('[data-player="S14"]').count()).toBe(1);
    expect(await page.locator("table.equilibrium tbody tr").count()).toBe(13);
    // every specialist on demand
    await page.getByRole("button", { name: /Show all 14 specialists/ }).click();
    expect(await page.locator("table.equilibrium tbody tr").count()).toBe(15);
    expect(await cell(page, '[data-player="S7"] td:nth-of-type(2)')).toBeCloseTo(
      equilibriumAt(fineTuningGameFromScenario(scenario), 0.5).utilities["S7"]!,
      10,
    );
    await shot(page, "fine-tuning-many");
    expect((page as unknown as { errors: string[] }).errors).toEqual([]);
    await page.close();
  });

  it("shows an input error beside the field and keeps the page working", async () => {
    const page = await open("#fine-tuning");
    await solved(page, 1);
    const box = page.locator('[data-path="specialists[0].cost.polynomial.c"]');
    await box.fill("-1");
    const err = page.locator('[data-error-for="specialists[0].cost.polynomial.c"]');
    await expect.poll(() => err.textContent()).toContain("cost coefficient c must be positive (found -1)");
    expect(await box.getAttribute("aria-invalid")).toBe("true");
    await page.locator('[data-path="generalist.cost"]').count(); // the form is still there
    await box.fill("2");
    await expect.poll(() => err.textContent()).toBe("");
    // a malformed file is reported, not thrown
    await page
      .locator("#ft-import")
      .setInputFiles({ name: "bad.json", mimeType: "application/json", buffer: Buffer.from("{ nope") });
    await expect
      .poll(() => page.locator(".messages").textContent())
      .toContain("bad.json: malformed JSON/YAML");
    await page.locator('[data-path="specialists[0].cost"]').count();
    await shot(page, "fine-tuning-error");
    expect((page as unknown as { errors: string[] }).errors).toEqual([]);
    await page.close();
  });

  it("openness: the α0 slider recomputes the scenario's point and hovering the map shows a cell", async () => {
    const page = await open("#openness");
    await solved(page, 1);
    await setSlider(page, "alpha0", 0.9);
    await solved(page, 2);
    const sc = opennessScenarioSchema.parse({
      model: "openness",
      alpha0: 0.9,
      delta: 0.5,
      regulation: { threshold: 0.6, penalty: 0.05, form: "fixed" },
      params: { cD: 1, lambda: 0.5, epsilon: 0.2, kappa: 0.2 },
    });
    const core = solveOpenness(opennessModelFromScenario(sc));
    expect(await page.locator("[data-region]").getAttribute("data-region")).toBe(core.outcome);
    expect(await cell(page, '[data-row="regulated"] td:nth-of-type(2)')).toBeCloseTo(core.omega!, 9);
    expect(await cell(page, '[data-row="regulated"] td:nth-of-type(5)')).toBeCloseTo(core.utilities.G, 9);
    await page.locator(".plot canvas").scrollIntoViewIfNeeded();
    const box = (await page.locator(".plot canvas").boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.45, box.y + box.height * 0.45);
    await expect.poll(() => page.locator("[data-hover]").textContent()).toMatch(/θ = .*p = .*U_G = /);
    await shot(page, "openness");
    await page.close();
  });

  it("collaboration: the market matches the core and the schemes animate to their final round", async () => {
    const page = await open("#collaboration");
    await solved(page, 1);
    const m = marketEquilibrium({ qualities: [0.9, 0.6, 0.3] }).value;
    for (let i = 0; i < 3; i++)
      expect(await cell(page, `[data-firm="${i}"] td:nth-of-type(2)`)).toBeCloseTo(m.prices[i]!, 10);
    await expect
      .poll(() => page.locator('[data-scheme="defection-free"] td:last-of-type').textContent())
      .toBe("never");
    await page.locator("#co-round").evaluate((el) => {
      (el as HTMLInputElement).value = "150";
      el.dispatchEvent(new Event("input", { bubbles: true }));
    });
    await page.getByRole("button", { name: "Play" }).click();
    await page.waitForFunction(
      () => document.querySelector("[data-round]")?.getAttribute("data-round") === "200",
      null,
      { timeout: 30_000 },
    );
    await shot(page, "collaboration");
    await page.close();
  });
});
