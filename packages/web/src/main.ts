/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The explorer's shell: routes the URL hash to a page, keeps each page's state in the URL, and
 * opens imported scenarios on the page of their model.
 */
import { mountCollaboration } from "./pages/collaboration.js";
import type { PageContext } from "./pages/context.js";
import { mountFineTuning } from "./pages/fineTuning/index.js";
import { mountOpenness } from "./pages/openness.js";
import type { ExplorerModel } from "./scenarioFile.js";
import { decodeState, encodeState, PAGES, type Page } from "./urlState.js";

const main = document.getElementById("main")!;
let teardown: (() => void) | null = null;
let currentHash = "";
let current: Page | null = null;
/** The hash waiting to be written, encoded when written (see `setUrl`). */
let pendingHash: (() => string) | null = null;
let flushHandle: number | null = null;

/** Writes the pending hash into the address bar (`force`: now, even while the page computes). */
function flushUrl(force = false): void {
  if (flushHandle !== null) cancelIdle(flushHandle);
  flushHandle = null;
  // waiting for a worker leaves the main thread idle, but its answer should not wait behind us
  if (!force && main.hasAttribute("aria-busy") && performance.now() - pendingSince < URL_MAX_DELAY_MS) {
    flushHandle = requestIdle(() => flushUrl());
    return;
  }
  const t0 = performance.now();
  const hash = pendingHash?.() ?? null;
  pendingHash = null;
  if (hash !== null && hash !== location.hash) {
    currentHash = hash;
    history.replaceState(null, "", hash);
    if (current !== null) remember(current, hash);
    // the write's milliseconds and the writes so far (read by bench/web.ts)
    main.dataset["urlMs"] = String(performance.now() - t0);
    main.dataset["urlWrites"] = String(Number(main.dataset["urlWrites"] ?? "0") + 1);
  }
}

// Writing the URL costs milliseconds (encoding the scenario, and Chromium synchronises history
// with its browser process; bench/web.ts measures it at one and a hundred specialists), too much
// for every slider event: it waits for an idle moment when nothing is being computed, and only the
// newest state is written.
const URL_DELAY_MS = 200;
/** The longest a state waits for the page to finish computing before it is written anyway. */
const URL_MAX_DELAY_MS = 2000;
let pendingSince = 0;
const requestIdle = (f: () => void): number =>
  typeof requestIdleCallback === "function"
    ? requestIdleCallback(f, { timeout: URL_DELAY_MS })
    : window.setTimeout(f, URL_DELAY_MS);
const cancelIdle = (handle: number): void =>
  typeof cancelIdleCallback === "function" ? cancelIdleCallback(handle) : window.clearTimeout(handle);

const mounts: Record<Page, (root: HTMLElement, ctx: PageContext) => () => void> = {
  "fine-tuning": mountFineTuning,
  openness: mountOpenness,
  collaboration: mountCollaboration,
};

/** Each page's last state, so the navigation bar returns to a page as it was left. */
const lastHash = new Map<Page, string>();
function remember(page: Page, hash: string): void {
  lastHash.set(page, hash);
  const a = document.querySelector<HTMLAnchorElement>(`nav a[data-page="${page}"]`);
  if (a !== null) a.href = hash;
}

/** Whether a hash names a page (or is empty: the default page); other hashes are in-page anchors. */
function isPageHash(hash: string): boolean {
  const name = hash.replace(/^#/, "").split("?")[0]!;
  return name === "" || (PAGES as readonly string[]).includes(name);
}

function route(): void {
  if (location.hash === currentHash && current !== null) return;
  // an in-page anchor (the skip link without script, an old bookmark) is not a page: stay
  if (current !== null && !isPageHash(location.hash)) return;
  const state = decodeState(location.hash);
  // a state not yet written belongs to the page being left: kept for its link in the navigation bar
  if (flushHandle !== null) cancelIdle(flushHandle);
  flushHandle = null;
  if (pendingHash !== null && current !== null) remember(current, pendingHash());
  pendingHash = null;
  teardown?.();
  current = state.page;
  currentHash = location.hash;
  if (location.hash !== "") remember(state.page, location.hash);
  for (const a of document.querySelectorAll<HTMLAnchorElement>("nav a")) {
    if (a.dataset["page"] === state.page) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  document.title = `${state.page} — FTG explorer`;
  const ctx: PageContext = {
    state,
    setUrl(s) {
      pendingHash = () => encodeState({ page: state.page, ...s });
      if (flushHandle === null) {
        pendingSince = performance.now();
        flushHandle = requestIdle(() => flushUrl());
      }
    },
    async copyLink() {
      flushUrl(true);
      try {
        await navigator.clipboard.writeText(location.href);
      } catch {
        window.prompt("Copy this link:", location.href);
      }
    },
    openScenario(model: ExplorerModel, scenario: unknown) {
      const page: Page = model === "market" ? "collaboration" : model;
      location.hash = encodeState({ page, scenario });
    },
  };
  teardown = mounts[state.page](main, ctx);
}

window.addEventListener("hashchange", route);
// the skip link moves focus to the content; it must not route (its #main is not a page)
document.querySelector<HTMLAnchorElement>("a.skip")?.addEventListener("click", (e) => {
  e.preventDefault();
  main.focus();
  main.scrollIntoView();
});
route();
