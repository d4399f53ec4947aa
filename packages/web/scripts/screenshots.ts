/**
 * Regenerates the explorer's screenshots in docs/img/ (docs/explorer.md shows them): each page at
 * 1400 px (drawn at 0.6 scale, 840 px wide) once its first result and its formulas are on screen,
 * and the fine-tuning figure on a 390 px phone.
 *
 * Run: node --import tsx packages/web/scripts/screenshots.ts   (FTG_WEB_NO_BUILD=1 reuses dist)
 */
import { join } from "node:path";
import { startSite, WEB_ROOT } from "../test/e2e/browser.js";

const IMG = join(WEB_ROOT, "..", "..", "docs", "img");
const site = await startSite();
try {
  const ready = async (page: import("playwright-core").Page) => {
    await page.waitForFunction(
      () => document.getElementById("main")!.dataset["firstResultMs"] !== undefined,
      null,
      {
        timeout: 60_000,
      },
    );
    await page.waitForFunction(() => !document.getElementById("main")!.hasAttribute("aria-busy"), null, {
      timeout: 60_000,
    });
    // the model panel's formulas (KaTeX loads after the first result)
    await page.waitForFunction(() => document.querySelector("details.model[open] .katex") !== null, null, {
      timeout: 30_000,
    });
    await page.waitForTimeout(500);
  };
  const wide = await site.browser.newContext({
    viewport: { width: 1400, height: 1500 },
    deviceScaleFactor: 0.6,
  });
  for (const name of ["fine-tuning", "openness", "collaboration"]) {
    const page = await wide.newPage();
    await page.goto(`${site.url}#${name}`);
    await ready(page);
    await page.screenshot({ path: join(IMG, `explorer-${name}.png`) });
    await page.close();
  }
  await wide.close();
  const phone = await site.browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 1,
  });
  const page = await phone.newPage();
  await page.goto(`${site.url}#fine-tuning`);
  await page.waitForFunction(
    () => document.getElementById("main")!.dataset["firstResultMs"] !== undefined,
    null,
    {
      timeout: 60_000,
    },
  );
  await page.waitForTimeout(500);
  await page
    .locator("figure.figure")
    .first()
    .screenshot({ path: join(IMG, "explorer-phone.png") });
  await phone.close();
  console.log(`wrote explorer-{fine-tuning,openness,collaboration,phone}.png to ${IMG}`);
} finally {
  await site.close();
}
