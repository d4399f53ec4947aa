/**
 * Explorer performance, measured in headless Chromium on the built site: the time from a slider
 * event to the recomputed numbers and the redrawn figure (worker solve + transfer + DOM + Vega
 * redraw), for the Figure 4 game (one specialist) and for 100 specialists.
 * Targets (issue 8): one specialist under 16 ms per slider event; 100 specialists under 100 ms.
 *
 * Run: node --import tsx bench/web.ts   (FTG_WEB_NO_BUILD=1 reuses packages/web/dist)
 */
import type { Page } from "playwright-core";
import { encodeState } from "../packages/web/src/urlState.js";
import { browserAvailable, CHROMIUM, startSite } from "../packages/web/test/e2e/browser.js";

interface Timing {
  kind: string;
  worker: number;
  /** From the slider event to the worker's answer (includes the worker's time). */
  waited: number;
  tables: number;
  draw: number;
  total: number;
}

/** Moves a slider `n` times and returns the page's timing of each recompute + redraw. */
async function sweep(
  page: Page,
  slider: string,
  values: number[],
  counter: "solves" | "deltaUpdates",
): Promise<Timing[]> {
  const out: Timing[] = [];
  for (const v of values) {
    const before = Number(
      await page.evaluate((c) => document.getElementById("main")!.dataset[c] ?? "0", counter),
    );
    await page.locator(`[data-slider-for="${slider}"]`).evaluate((el, x) => {
      (el as HTMLInputElement).value = String(x);
      el.dispatchEvent(new Event("input", { bubbles: true }));
    }, v);
    await page.waitForFunction(
      ([c, b]) => Number(document.getElementById("main")!.dataset[c as string] ?? "0") > (b as number),
      [counter, before] as const,
      { timeout: 60_000 },
    );
    // a δ update follows a solve when δ moved; wait for quiet before the next event
    await page.waitForFunction(() => !document.getElementById("main")!.hasAttribute("aria-busy"));
    out.push(
      JSON.parse((await page.evaluate(() => document.getElementById("main")!.dataset["lastMs"]))!) as Timing,
    );
  }
  return out;
}

function summary(label: string, ts: Timing[], target: number): string {
  const q = (xs: number[], p: number) => {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  };
  const tot = ts.map((t) => t.total);
  const med = q(tot, 0.5);
  return [
    label.padEnd(44),
    `${ts.length}`.padStart(4),
    q(
      ts.map((t) => t.worker),
      0.5,
    )
      .toFixed(1)
      .padStart(9),
    q(
      ts.map((t) => t.waited),
      0.5,
    )
      .toFixed(1)
      .padStart(9),
    q(
      ts.map((t) => t.tables),
      0.5,
    )
      .toFixed(1)
      .padStart(9),
    q(
      ts.map((t) => t.draw),
      0.5,
    )
      .toFixed(1)
      .padStart(9),
    med.toFixed(1).padStart(9),
    q(tot, 0.9).toFixed(1).padStart(9),
    `${target}`.padStart(7),
    med <= target ? "  ok" : "  OVER",
  ].join(" ");
}

if (!browserAvailable()) {
  console.error(`bench/web: ${CHROMIUM} not found (install Debian's chromium)`);
  process.exit(1);
}
const site = await startSite();
try {
  const page = await site.browser.newPage({ viewport: { width: 1280, height: 900 } });
  const lines: string[] = [];
  await page.goto(`${site.url}#fine-tuning`);
  await page.waitForFunction(() => Number(document.getElementById("main")!.dataset["solves"] ?? "0") >= 1);
  // warm up the JIT and the figure
  await sweep(page, "specialists[0].cost.polynomial.c", [2.1, 2.2, 2.3, 2.4, 2.5], "solves");
  const cs = Array.from({ length: 40 }, (_, i) => 1 + 0.05 * i);
  lines.push(
    summary(
      "1 specialist: c1 slider (solve + redraw)",
      await sweep(page, "specialists[0].cost.polynomial.c", cs, "solves"),
      16,
    ),
  );
  const ds = Array.from({ length: 40 }, (_, i) => 0.3 + 0.01 * i);
  lines.push(
    summary(
      "1 specialist: δ drag (equilibrium + redraw)",
      await sweep(page, "delta", ds, "deltaUpdates"),
      16,
    ),
  );

  const specialists = Array.from({ length: 100 }, (_, i) => ({
    name: `D${i + 1}`,
    cost: { polynomial: { c: 0.5 + (i % 10) * 0.3, k: 2 + (i % 3) * 0.5 } },
    revenue: `${1 + (i % 4) * 0.25}*a`,
  }));
  const scenario = { generalist: { cost: { polynomial: { c: 1, k: 2 } } }, specialists };
  await page.goto(`${site.url}${encodeState({ page: "fine-tuning", scenario, params: { delta: "0.5" } })}`);
  await page.reload();
  await page.waitForFunction(
    () => Number(document.getElementById("main")!.dataset["solves"] ?? "0") >= 1,
    null,
    { timeout: 60_000 },
  );
  await sweep(page, "specialists[0].cost.polynomial.c", [0.6, 0.7], "solves");
  lines.push(
    summary(
      "100 specialists: c slider (solve + redraw)",
      await sweep(
        page,
        "specialists[0].cost.polynomial.c",
        [0.8, 0.9, 1, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7],
        "solves",
      ),
      100,
    ),
  );
  lines.push(
    summary(
      "100 specialists: δ drag (equilibrium + redraw)",
      await sweep(page, "delta", ds.slice(0, 20), "deltaUpdates"),
      100,
    ),
  );

  console.log("Explorer in headless Chromium (ms per slider event; medians unless p90)");
  console.log(
    `${"".padEnd(44)} ${"n".padStart(4)} ${"worker".padStart(9)} ${"answered".padStart(9)} ${"tables".padStart(9)} ${"draw".padStart(9)} ${"total".padStart(9)} ${"p90".padStart(9)} ${"target".padStart(7)}`,
  );
  for (const l of lines) console.log(l);
} finally {
  await site.close();
}
