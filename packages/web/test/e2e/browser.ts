/**
 * Test harness for the explorer in a real browser: builds the static site once (vite), serves it
 * on a free localhost port (vite preview), and drives Debian's Chromium with playwright-core.
 * Chromium is started with flags that keep it off the network (it would otherwise try to reach
 * Google and hang in a sandbox without internet).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium } from "playwright-core";
import { build, type PreviewServer, preview } from "vite";

export const CHROMIUM = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";
export const WEB_ROOT = join(import.meta.dirname, "..", "..");
/** Screenshots of the e2e tests (git-ignored). */
export const ARTIFACTS = join(WEB_ROOT, "test-artifacts");

/** Whether the browser tests can run here; in CI (CI=true) they must. */
export function browserAvailable(): boolean {
  return existsSync(CHROMIUM);
}

export interface Site {
  readonly url: string;
  readonly browser: Browser;
  close(): Promise<void>;
}

/**
 * Builds the site (unless `FTG_WEB_NO_BUILD=1` and dist exists), serves it, starts Chromium.
 * `minify`: build as `npm start` does (the benchmark, which sizes the JavaScript); default false.
 */
export async function startSite(options: { minify?: boolean } = {}): Promise<Site> {
  const configFile = join(WEB_ROOT, "vite.config.ts");
  if (!(process.env["FTG_WEB_NO_BUILD"] === "1" && existsSync(join(WEB_ROOT, "dist", "index.html")))) {
    // unminified: a third faster to build, and the tests read no bundle sizes
    await build({ configFile, root: WEB_ROOT, logLevel: "warn", build: { minify: options.minify ?? false } });
  }
  const server: PreviewServer = await preview({
    configFile,
    root: WEB_ROOT,
    logLevel: "warn",
    preview: { port: 0, host: "127.0.0.1", strictPort: false, open: false },
  });
  const url = server.resolvedUrls?.local[0];
  if (url === undefined) throw new Error("vite preview did not report a URL");
  // playwright's launch() gives Chromium a fresh, temporary --user-data-dir of its own
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
    timeout: 30_000,
  });
  return {
    url,
    browser,
    async close() {
      await browser.close();
      await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
    },
  };
}
