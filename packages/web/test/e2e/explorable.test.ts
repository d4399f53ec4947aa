/**
 * End-to-end tests of the explorer as a companion to the papers, in real headless Chromium: the
 * results never look current when they are not (busy, stale, failed — with the reason), the page
 * keeps the user's work (navigation, cost forms, links, exports), every page works on a 390 px
 * phone and passes axe-core at 1400 and 390 px, and the model panels, presets, tours and direct
 * manipulation do what they say.
 *
 * Needs /usr/bin/chromium (see explorer.test.ts); skipped with a message outside CI when missing.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import {
  equilibriumAt,
  fineTuningGameFromScenario,
  fineTuningScenarioSchema,
  solveFineTuning,
} from "@ftg/core";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeState, encodeState } from "../../src/urlState.js";
import { browserAvailable, CHROMIUM, type Site, startSite } from "./browser.js";

const run = browserAvailable() || process.env["CI"] === "true";
const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
let site: Site;
/** Polls as `expect.poll` does, patiently: the shared machine may be slow. */
const poll = <T>(f: () => T | Promise<T>, o: { timeout?: number } = {}) =>
  expect.poll(f, { timeout: o.timeout ?? 30_000, interval: 100 });

/** Records every state the result status lines take, from the first paint on. */
const RECORD_STATES = () => {
  const w = window as unknown as { ftgStates: string[] };
  w.ftgStates = [];
  new MutationObserver((records) => {
    for (const r of records) {
      const el = r.target as HTMLElement;
      if (el.classList?.contains("result-status"))
        w.ftgStates.push(`${el.dataset["state"]}: ${el.textContent}`);
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-state"] });
};

async function open(hash: string, width = 1400): Promise<Page> {
  const page = await site.browser.newPage({ viewport: { width, height: 900 } });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  (page as unknown as { errors: string[] }).errors = errors;
  await page.addInitScript(RECORD_STATES);
  await page.goto(`${site.url}${hash}`);
  return page;
}

/** Waits until the page has finished `n` solves and no result is busy. */
async function idle(page: Page, n = 1): Promise<void> {
  await page.waitForFunction(
    (k) => {
      const m = document.getElementById("main")!;
      return (
        Number(m.dataset["solves"] ?? "0") >= k &&
        !m.hasAttribute("aria-busy") &&
        document.querySelector('.result-status[data-state="busy"]') === null &&
        // the outputs' fade back to full opacity has ended
        [...document.querySelectorAll(".outputs")].every((o) => getComputedStyle(o).opacity === "1")
      );
    },
    n,
    { timeout: 60_000 },
  );
}

async function setSlider(page: Page, path: string, value: number): Promise<void> {
  await page.locator(`[data-slider-for="${path}"]`).evaluate((el, v) => {
    (el as HTMLInputElement).value = String(v);
    el.dispatchEvent(new Event("input", { bubbles: true }));
  }, value);
}

const states = (page: Page): Promise<string[]> =>
  page.evaluate(() => (window as unknown as { ftgStates: string[] }).ftgStates);
const outputsState = (page: Page, k = 0): Promise<string | null> =>
  page.locator(".outputs").nth(k).getAttribute("data-state");

async function axe(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE });
  return page.evaluate(async () => {
    const r = await (
      window as unknown as {
        axe: { run(d: Document): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> };
      }
    ).axe.run(document);
    return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(" | ")}`);
  });
}

const figure4 = fineTuningScenarioSchema.parse({
  generalist: { cost: { polynomial: { c: 1, k: 2 } } },
  specialists: [{ name: "D", cost: { polynomial: { c: 2, k: 2 } }, revenue: "a" }],
});

describe.skipIf(!run)("the explorer as a companion to the papers", () => {
  beforeAll(async () => {
    if (!browserAvailable()) throw new Error(`CI=true but ${CHROMIUM} is missing: run scripts/setup.sh`);
    site = await startSite();
  }, 240_000);
  afterAll(async () => {
    await site?.close();
  });

  for (const width of [1400, 390]) {
    it(`fine-tuning: results are marked busy while the worker starts, stale on invalid input, failed on a solver error (${width} px)`, async () => {
      const page = await open("#fine-tuning", width);
      await idle(page);
      const seen = await states(page);
      expect(seen[0]).toMatch(/^busy: Starting the solver/);
      expect(seen.at(-1)).toMatch(/^ok: At δ = 0\.5/);
      // invalid input: the old results stay, dimmed, and the line names the field
      await page.locator('[data-path="specialists[0].cost.polynomial.c"]').fill("-1");
      await poll(() => outputsState(page)).toBe("stale");
      expect(await page.locator(".result-status").textContent()).toContain(
        "specialists[0].cost.polynomial.c",
      );
      await page.locator('[data-path="specialists[0].cost.polynomial.c"]').fill("2");
      await idle(page, 2);
      expect(await outputsState(page)).toBe("ok");
      // a revenue the solver cannot evaluate: the previous figure is dimmed and the error is said
      await page.locator('[data-path="specialists[0].revenue"]').fill("log(a-1)");
      await poll(() => outputsState(page), { timeout: 30_000 }).toBe("error");
      expect(await page.locator(".result-status").textContent()).toMatch(/The solver stopped: .*NaN/);
      expect((page as unknown as { errors: string[] }).errors).toEqual([]);
      await page.close();
    });
  }

  it("openness and collaboration: busy while computing, stale on invalid input, with the reason", async () => {
    const page = await open("#openness");
    await idle(page);
    expect((await states(page))[0]).toMatch(/^busy: /);
    await page.locator('[data-path="alpha0"]').fill("abc");
    await poll(() => outputsState(page)).toBe("stale");
    expect(await page.locator(".result-status").textContent()).toContain("alpha0");
    await page.locator('[data-path="alpha0"]').fill("0.5");
    await idle(page, 2);
    await page.locator('[data-path="delta.bargaining"]').selectOption("nash");
    await poll(async () => (await states(page)).join("\n")).toMatch(/busy: .*bargain over δ in every cell/);
    await idle(page, 3);
    await page.close();

    const co = await open("#collaboration");
    await idle(co);
    await co.locator('[data-path="qualities"]').fill("0.9, x");
    await poll(() => outputsState(co, 0)).toBe("stale");
    expect(await co.locator(".result-status").first().textContent()).toContain("qualities");
    await co.locator('[data-path="rounds"]').fill("-3");
    await poll(() => outputsState(co, 1)).toBe("stale");
    await co.close();
  });

  it("the skip link moves focus to the content without leaving the page's state", async () => {
    const page = await open("#fine-tuning");
    await idle(page);
    await setSlider(page, "specialists[0].cost.polynomial.c", 3.5);
    await idle(page, 2);
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.className)).toBe("skip");
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("main");
    expect(await page.locator('[data-path="specialists[0].cost.polynomial.c"]').inputValue()).toBe("3.5");
    expect(page.url().split("#")[1]?.startsWith("fine-tuning")).toBe(true);
    expect(page.url()).not.toContain("#main");
    // the address bar keeps (or, written at the next idle moment, gets) the page's state
    await poll(() => {
      const s = decodeState(new URL(page.url()).hash).scenario as {
        specialists: { cost: { polynomial: { c: number } } }[];
      };
      return s?.specialists[0]?.cost.polynomial.c;
    }).toBe(3.5);
    await page.close();
  });

  it("the navigation bar returns to a page as it was left", async () => {
    const page = await open("#fine-tuning");
    await idle(page);
    await setSlider(page, "specialists[0].cost.polynomial.c", 3.5);
    await idle(page, 2);
    await page.getByRole("link", { name: "Openness regulation" }).click();
    await idle(page);
    await setSlider(page, "alpha0", 0.9);
    await idle(page, 2);
    await page.getByRole("link", { name: "Fine-tuning game" }).click();
    await idle(page);
    expect(await page.locator('[data-path="specialists[0].cost.polynomial.c"]').inputValue()).toBe("3.5");
    await page.getByRole("link", { name: "Openness regulation" }).click();
    await idle(page);
    expect(await page.locator('[data-path="alpha0"]').inputValue()).toBe("0.9");
    await page.close();
  });

  for (const width of [1400, 390]) {
    it(`a cost switched to an expression and back keeps its coefficients; an empty fixed cost puts its slider at 0 (${width} px)`, async () => {
      const page = await open("#fine-tuning", width);
      await idle(page);
      expect(await page.locator('[data-path="specialists[0].cost.polynomial.fixed"]').inputValue()).toBe("");
      expect(
        await page.locator('[data-slider-for="specialists[0].cost.polynomial.fixed"]').inputValue(),
      ).toBe("0");
      await page.locator('[data-path="specialists[0].cost.polynomial.c"]').fill("3.5");
      await page.locator('[data-path="specialists[0].cost.polynomial.fixed"]').fill("0.1");
      const form = page.getByLabel("cost form of D");
      await form.selectOption("expression");
      expect(await page.locator('[data-path="specialists[0].cost"]').inputValue()).toBe("3.5*(a-a0)^2+0.1");
      await form.selectOption("polynomial");
      expect(await page.locator('[data-path="specialists[0].cost.polynomial.c"]').inputValue()).toBe("3.5");
      expect(await page.locator('[data-path="specialists[0].cost.polynomial.fixed"]').inputValue()).toBe(
        "0.1",
      );
      // an expression edited into another polynomial comes back as that polynomial
      await form.selectOption("expression");
      await page.locator('[data-path="specialists[0].cost"]').fill("2*(a-a0)^3");
      await form.selectOption("polynomial");
      expect(await page.locator('[data-path="specialists[0].cost.polynomial.c"]').inputValue()).toBe("2");
      expect(await page.locator('[data-path="specialists[0].cost.polynomial.k"]').inputValue()).toBe("3");
      await page.close();
    });
  }

  for (const width of [1400, 390]) {
    it(`choosing a solution updates its button, its row and its mark; a link restores δ and the selection (${width} px)`, async () => {
      const core = solveFineTuning(fineTuningGameFromScenario(figure4));
      const page = await open("#fine-tuning", width);
      await idle(page);
      const selection =
        (p = page) =>
        () =>
          p.evaluate(() => ({
            pressed: [...document.querySelectorAll('button[data-solution][aria-pressed="true"]')].map(
              (b) => (b as HTMLElement).dataset["solution"],
            ),
            rows: [...document.querySelectorAll("tr[data-solution-row].selected")].map(
              (r) => (r as HTMLElement).dataset["solutionRow"],
            ),
            mark: document.querySelector("figure[data-selected]")?.getAttribute("data-selected"),
          }));
      await page.locator('button[data-solution="egalitarian"]').click();
      await poll(selection()).toEqual({
        pressed: ["egalitarian"],
        rows: ["egalitarian"],
        mark: "egalitarian",
      });
      await page.locator('[data-solution-row="nash"] button').click();
      await poll(selection()).toEqual({ pressed: ["nash"], rows: ["nash"], mark: "nash" });
      expect(await page.locator('[data-path="delta"]').inputValue()).toBe(
        String(Number(core.solutions.nash.delta!.toPrecision(6))),
      );
      await poll(() => page.url()).toContain("sel=nash");
      // moving δ by hand leaves every solution unselected
      await setSlider(page, "delta", 0.4);
      await poll(selection()).toEqual({ pressed: [], rows: [], mark: "" });
      await page.close();

      const linked = await open(
        encodeState({
          page: "fine-tuning",
          scenario: figure4,
          params: { delta: "0.2", sel: "kalai-smorodinsky" },
        }),
        width,
      );
      await idle(linked);
      await poll(selection(linked)).toEqual({
        pressed: ["kalai-smorodinsky"],
        rows: ["kalai-smorodinsky"],
        mark: "kalai-smorodinsky",
      });
      expect(Number(await linked.locator("[data-eq-delta]").getAttribute("data-eq-delta"))).toBeCloseTo(
        core.solutions["kalai-smorodinsky"].delta!,
        12,
      );
      await linked.close();
    });
  }

  it("exports say what they contain", async () => {
    const page = await open("#fine-tuning");
    await idle(page);
    const read = async (name: RegExp) => {
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("button", { name }).click(),
      ]);
      return readFileSync((await download.path())!, "utf8");
    };
    const yaml = await read(/Export scenario \(YAML\)/);
    expect(yaml.split("\n")[0]).toBe(
      "# Fine-tuning game scenario: the generalist's cost and 1 specialist (costs, revenues, disagreement payoffs).",
    );
    expect(yaml).toContain("# The explorer's view when exported (not part of the scenario): δ = 0.5.");
    const json = JSON.parse(await read(/Export scenario \(JSON\)/)) as { title: string; model: string };
    expect(json.model).toBe("fine-tuning");
    expect(json.title).toMatch(/^Fine-tuning game scenario/);
    expect(
      await page.getByRole("button", { name: /Download figure \(SVG\): the utility curves/ }).count(),
    ).toBe(1);
    await page.close();
  });

  for (const width of [1400, 390]) {
    it(`collaboration: a link restores the round and the scheme; roles follow starting quality; a new horizon resets the round (${width} px)`, async () => {
      const page = await open(
        encodeState({ page: "collaboration", params: { round: "37", scheme: "complete" } }),
        width,
      );
      await idle(page);
      expect(await page.locator("[data-round]").getAttribute("data-round")).toBe("37");
      expect(await page.locator("#co-scheme").inputValue()).toBe("complete");
      expect(await page.locator("tr[data-scheme]").count()).toBe(1);
      await page.locator("#co-scheme").selectOption("");
      await poll(() => page.locator("tr[data-scheme]").count()).toBe(4);
      await page.locator('[data-path="rounds"]').fill("100");
      await idle(page, 2);
      expect(await page.locator("[data-round]").getAttribute("data-round")).toBe("100");
      await page.locator('[data-path="initial.low"]').fill("0.8");
      await idle(page, 3);
      expect(await page.locator("[data-roles]").getAttribute("data-roles")).toBe("swapped");
      expect(await page.locator("[data-roles]").textContent()).toContain(
        'firm "low", starting at 0.8, plays the high role',
      );
      await page.close();
    });
  }

  for (const width of [1400, 390]) {
    it(`every page at ${width} px: no axe violations, nothing wider than the screen, touch targets of 24 px`, async () => {
      for (const name of ["fine-tuning", "openness", "collaboration"]) {
        const page = await open(`#${name}`, width);
        await idle(page);
        expect({ name, width, violations: await axe(page) }).toEqual({ name, width, violations: [] });
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        const small = await page.evaluate(() =>
          [...document.querySelectorAll<HTMLElement>("button, select, summary, input, label.button")]
            .filter((e) => e.offsetParent !== null && getComputedStyle(e).opacity !== "0")
            .map((e) => ({ e, r: e.getBoundingClientRect() }))
            .filter(({ r }) => r.height < 24 || r.width < 24)
            .map(({ e, r }) => `${e.tagName} ${e.textContent?.slice(0, 20)} ${r.width}×${r.height}`),
        );
        expect(small).toEqual([]);
        // figures fit their container and keep their description after Vega has drawn
        for (const plot of await page.locator(".plot").all()) {
          expect(await plot.getAttribute("aria-label")).toMatch(/\w{4,}/);
          const fits = await plot.evaluate(
            (p) =>
              (p.querySelector("canvas")?.getBoundingClientRect().width ?? 0) <=
              p.getBoundingClientRect().width + 1,
          );
          expect(fits).toBe(true);
        }
        await page.close();
      }
    });
  }

  it("the model panel renders its formulas with the equilibrium's values, and the tour walks the paper", async () => {
    const page = await open("#fine-tuning");
    await idle(page);
    await poll(() => page.locator("details.model .katex").count()).toBeGreaterThan(2);
    const at = equilibriumAt(fineTuningGameFromScenario(figure4), 0.5);
    await poll(() => page.locator("details.model").textContent()).toContain(`= ${at.utilities["G"]}`);
    await page.getByRole("button", { name: /Start the tour/ }).click();
    await poll(() => page.locator(".tour-caption").textContent()).toMatch(/^Step 1 of 5: One specialist/);
    for (let k = 0; k < 3; k++) await page.getByRole("button", { name: "Next step" }).click();
    await poll(() => page.locator(".tour-caption").textContent()).toMatch(/^Step 4 of 5: Free-riding/);
    await idle(page, 2);
    await poll(() => page.locator("[data-regime-of]").allTextContents()).toEqual([
      "contributor",
      "free-rider",
    ]);
    await page.close();
  });

  it("each page's model panel links to its theory page where the documentation site serves it", async () => {
    for (const [name, file] of [
      ["fine-tuning", "fine-tuning-games"],
      ["openness", "openness-regulation"],
      ["collaboration", "defection-free-collaboration"],
    ] as const) {
      const page = await open(`#${name}`);
      await idle(page);
      const href = await page.locator("details.model a[data-theory]").getAttribute("href");
      // the site serves the explorer at /explorer/ and docs/theory/*.md at /docs/theory/*.html
      expect(new URL(href!, "http://docs.example/explorer/index.html").pathname).toBe(
        `/docs/theory/${file}.html`,
      );
      await page.close();
    }
  });

  it("direct manipulation: a click on the utility figure sets δ; a click or Enter on the openness map sets (θ, p)", async () => {
    const page = await open("#fine-tuning");
    await idle(page);
    const plot = page.locator(".plot").first();
    await plot.scrollIntoViewIfNeeded();
    const box = (await plot.boundingBox())!;
    // a point in the plot area away from the marks: left part of the curves' panel
    await page.mouse.click(box.x + box.width * 0.18, box.y + box.height * 0.55);
    await poll(async () =>
      Number(await page.locator("[data-eq-delta]").getAttribute("data-eq-delta")),
    ).toBeLessThan(0.3);
    await page.close();

    const op = await open("#openness");
    await idle(op);
    const map = op.locator(".plot").first();
    await map.focus();
    await op.keyboard.press("ArrowRight");
    await poll(() => op.locator("[data-hover]").textContent()).toMatch(/^θ = 0\.6\d*, p = /);
    await op.keyboard.press("ArrowUp");
    await op.keyboard.press("Enter");
    await idle(op, 2);
    expect(Number(await op.locator('[data-path="regulation.threshold"]').inputValue())).toBeGreaterThan(0.6);
    await op.close();
  });

  it("many specialists: one action adds N drawn from ranges, and the table does not scroll inside the page", async () => {
    const page = await open("#fine-tuning");
    await idle(page);
    await page.getByText("Add many specialists at once…").click();
    await page.locator("#ft-many-n").fill("30");
    await page.getByRole("button", { name: "Add these specialists" }).click();
    await idle(page, 2);
    expect(await page.locator("legend", { hasText: "Specialists (31)" }).count()).toBe(1);
    expect(await page.locator("tr[data-specialist]").count()).toBe(12);
    await page.getByRole("button", { name: /Edit all 31 specialists/ }).click();
    expect(await page.locator("tr[data-specialist]").count()).toBe(31);
    const nested = await page.evaluate(
      () =>
        [...document.querySelectorAll(".form *")].filter((e) => {
          const s = getComputedStyle(e);
          return (s.overflowY === "auto" || s.overflowY === "scroll") && e.scrollHeight > e.clientHeight + 1;
        }).length,
    );
    expect(nested).toBe(0);
    await page.close();
  });
});
