/**
 * Explorer performance, measured in headless Chromium on the built site: the time from a slider
 * event to the recomputed numbers and the redrawn figure (worker solve + transfer + DOM + Vega
 * redraw), for the Figure 4 game (one specialist) and for 100 specialists. Columns: the core's
 * solve, the whole worker job, the time until the answer reached the page, the tables, the Vega
 * redraw, the total (medians) and the total's 90th percentile.
 * Targets: one specialist under 16 ms per slider event; 100 specialists under 50 ms.
 * Then the cost of one write of the page's state into the address bar (encodeState +
 * history.replaceState, timed by the page), at one and at 100 specialists.
 * Then each page loaded cold (a fresh browser context: empty cache, new workers): the time from
 * navigation to its first complete result on screen (target 1.5 s), and the JavaScript it loaded
 * on the main thread and in its workers, raw and gzipped (target for the main thread: 800 KB);
 * then every built script with its role (entry, workers, what loads on demand).
 *
 * Run: node --import tsx bench/web.ts   (FTG_WEB_NO_BUILD=1 reuses packages/web/dist)
 */
import { readdirSync, readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { Page } from "playwright-core";
import { encodeState } from "../packages/web/src/urlState.js";
import { browserAvailable, CHROMIUM, startSite, WEB_ROOT } from "../packages/web/test/e2e/browser.js";

/**
 * The built scripts by role, raw and gzipped: what the first page loads (the entry), the workers,
 * and what loads on demand (the expression parser, KaTeX, YAML).
 */
function builtScripts(): string {
  const dir = join(WEB_ROOT, "dist", "assets");
  const role = (f: string) =>
    f.startsWith("index-")
      ? "entry (first page)"
      : f.startsWith("worker-")
        ? "compute worker"
        : f.startsWith("figureWorker-")
          ? "figure worker (Vega-Lite)"
          : f.startsWith("math-")
            ? "expression parser (on demand; page and worker each)"
            : f.startsWith("katex-")
              ? "KaTeX (after the first result)"
              : "on demand (YAML: import and export)";
  return readdirSync(dir)
    .filter((f) => f.endsWith(".js"))
    .map((f) => {
      const body = readFileSync(join(dir, f));
      return { f, bytes: body.length, gz: gzipSync(body).length };
    })
    .sort((a, b) => b.bytes - a.bytes)
    .map(
      (x) =>
        `  ${x.f.padEnd(32)} ${`${(x.bytes / 1024).toFixed(0)} KB`.padStart(8)} (gzip ${(x.gz / 1024).toFixed(0)} KB)  ${role(x.f)}`,
    )
    .join("\n");
}

interface Timing {
  kind: string;
  /** Milliseconds in the worker (or inline), of which `solve` in the core's solveFineTuning. */
  worker: number;
  solve?: number;
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

/**
 * Moves a slider to each of `values`, waiting each time until the page has written its state into
 * the URL, and returns the milliseconds of each write (encodeState + history.replaceState).
 */
async function urlWrites(page: Page, slider: string, values: number[]): Promise<number[]> {
  const out: number[] = [];
  for (const v of values) {
    const before = Number(
      await page.evaluate(() => document.getElementById("main")!.dataset["urlWrites"] ?? "0"),
    );
    await page.locator(`[data-slider-for="${slider}"]`).evaluate((el, x) => {
      (el as HTMLInputElement).value = String(x);
      el.dispatchEvent(new Event("input", { bubbles: true }));
    }, v);
    await page.waitForFunction(
      (b) => Number(document.getElementById("main")!.dataset["urlWrites"] ?? "0") > b,
      before,
      { timeout: 60_000 },
    );
    out.push(Number(await page.evaluate(() => document.getElementById("main")!.dataset["urlMs"])));
  }
  return out;
}

/** Median and 90th percentile of `xs`, as "median (p90)". */
function medianP90(xs: number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return `${q(0.5).toFixed(1)} (${q(0.9).toFixed(1)})`;
}

const COLUMNS = ["n", "solve", "worker", "answered", "tables", "draw", "total", "p90", "target"];

function summary(label: string, ts: Timing[], target: number): string {
  const q = (xs: number[], p: number) => {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  };
  const med = (f: (t: Timing) => number | undefined) => {
    const xs = ts.map(f).filter((x): x is number => x !== undefined);
    return xs.length === 0 ? "—" : q(xs, 0.5).toFixed(1);
  };
  const tot = ts.map((t) => t.total);
  const total = q(tot, 0.5);
  return [
    label.padEnd(46),
    `${ts.length}`.padStart(4),
    ...[
      med((t) => t.solve),
      med((t) => t.worker),
      med((t) => t.waited),
      med((t) => t.tables),
      med((t) => t.draw),
    ].map((x) => x.padStart(8)),
    total.toFixed(1).padStart(8),
    q(tot, 0.9).toFixed(1).padStart(8),
    `${target}`.padStart(8),
    total <= target ? "  ok" : "  OVER",
  ].join(" ");
}

const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(" ");

if (!browserAvailable()) {
  console.error(`bench/web: ${CHROMIUM} not found (install Debian's chromium)`);
  process.exit(1);
}
const site = await startSite({ minify: true });
const loadBefore = load();
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
  const urlOne = await urlWrites(
    page,
    "specialists[0].cost.polynomial.c",
    Array.from({ length: 10 }, (_, i) => 1.5 + 0.05 * i),
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
        Array.from({ length: 20 }, (_, i) => 0.8 + 0.05 * i),
        "solves",
      ),
      50,
    ),
  );
  lines.push(
    summary(
      "100 specialists: δ drag (equilibrium + redraw)",
      await sweep(page, "delta", ds.slice(0, 20), "deltaUpdates"),
      50,
    ),
  );
  const urlHundred = await urlWrites(
    page,
    "specialists[0].cost.polynomial.c",
    Array.from({ length: 10 }, (_, i) => 1.5 + 0.05 * i),
  );

  const cold: string[] = [];
  for (const name of ["fine-tuning", "openness", "collaboration"]) {
    const runs: { ms: number; main: number; mainGz: number; worker: number; workerGz: number }[] = [];
    for (let k = 0; k < 3; k++) {
      const context = await site.browser.newContext({ viewport: { width: 1280, height: 900 } });
      const p = await context.newPage();
      await p.goto(`${site.url}#${name}`);
      await p.waitForFunction(
        () => document.getElementById("main")!.dataset["firstResultMs"] !== undefined,
        null,
        {
          timeout: 60_000,
        },
      );
      const ms = Number(await p.evaluate(() => document.getElementById("main")!.dataset["firstResultMs"]));
      // the scripts fetched before the first result (the page's own and its workers'), sized from
      // the served files (raw and gzipped)
      const urls = await p.evaluate(
        (t) =>
          performance
            .getEntriesByType("resource")
            .filter((e) => e.name.endsWith(".js") && (e as PerformanceResourceTiming).responseEnd <= t)
            .map((e) => e.name),
        ms,
      );
      const js = await Promise.all(
        [...new Set(urls)].map(async (url) => {
          const body = Buffer.from(await (await fetch(url)).arrayBuffer());
          return { bytes: body.length, gz: gzipSync(body).length, worker: /[wW]orker-[^/]*\.js$/.test(url) };
        }),
      );
      const sum = (worker: boolean, f: (v: { bytes: number; gz: number }) => number) =>
        js.filter((v) => v.worker === worker).reduce((a, v) => a + f(v), 0);
      runs.push({
        ms,
        main: sum(false, (v) => v.bytes),
        mainGz: sum(false, (v) => v.gz),
        worker: sum(true, (v) => v.bytes),
        workerGz: sum(true, (v) => v.gz),
      });
      await context.close();
    }
    const med = [...runs].sort((a, b) => a.ms - b.ms)[1]!;
    const kb = (b: number) => `${(b / 1024).toFixed(0)} KB`;
    cold.push(
      `${name.padEnd(14)} first complete result ${med.ms.toFixed(0).padStart(5)} ms (median of 3; target 1500${med.ms <= 1500 ? ", ok" : ", OVER"}); ` +
        `JavaScript: main thread ${kb(med.main)} (gzip ${kb(med.mainGz)}; target 800 KB${med.main <= 800 * 1024 ? ", ok" : ", OVER"}), workers ${kb(med.worker)} (gzip ${kb(med.workerGz)})`,
    );
  }

  // the openness map with δ bargained in every cell: a coarse map first, then the full one
  const op = await site.browser.newPage({ viewport: { width: 1280, height: 900 } });
  await op.goto(`${site.url}#openness`);
  await op.waitForFunction(
    () => Number(document.getElementById("main")!.dataset["solves"] ?? "0") >= 1,
    null,
    {
      timeout: 60_000,
    },
  );
  const bargained: { coarse: number; cells: number; full: number }[] = [];
  for (const [k, solution] of ["nash", "egalitarian", "nash"].entries()) {
    await op.locator('[data-path="delta.bargaining"]').selectOption(solution);
    await op.waitForFunction((n) => Number(document.getElementById("main")!.dataset["solves"]) >= n, k + 2, {
      timeout: 120_000,
    });
    const d = await op.evaluate(() => ({ ...document.getElementById("main")!.dataset }));
    bargained.push({
      coarse: Number(d["coarseMs"]),
      cells: Number(d["coarseCells"]),
      full: Number(d["fullMs"]),
    });
  }
  await op.close();

  console.log("Explorer in headless Chromium (ms per slider event; medians unless p90)");
  console.log(`load average (1, 5, 15 min): ${loadBefore} before, ${load()} after`);
  console.log(`${"".padEnd(46)} ${COLUMNS.map((c, i) => c.padStart(i === 0 ? 4 : 8)).join(" ")}`);
  for (const l of lines) console.log(l);
  console.log(
    `URL write (encodeState + history.replaceState), ms, median (p90) of ${urlOne.length}: ` +
      `1 specialist ${medianP90(urlOne)}; 100 specialists ${medianP90(urlHundred)}`,
  );
  const b = [...bargained].sort((x, y) => x.full - y.full)[1]!;
  console.log(
    `Openness map, δ bargained in every cell (median of 3 mode changes): first coarse ${b.cells}×${b.cells} map after ${b.coarse.toFixed(0)} ms (target 300${b.coarse <= 300 ? ", ok" : ", OVER"}), full 41×41 map after ${b.full.toFixed(0)} ms`,
  );
  console.log("Cold load of each page (fresh browser context):");
  for (const l of cold) console.log(`  ${l}`);
  console.log("Built scripts (packages/web/dist/assets):");
  console.log(builtScripts());
} finally {
  await site.close();
}
