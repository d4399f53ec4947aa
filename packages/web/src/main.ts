/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The explorer's shell: routes the URL hash to a page, keeps each page's state in the URL, and
 * opens imported scenarios on the page of their model.
 */
import { mountCollaboration } from "./pages/collaboration.js";
import type { PageContext } from "./pages/context.js";
import { mountFineTuning } from "./pages/fineTuning.js";
import { mountOpenness } from "./pages/openness.js";
import type { ExplorerModel } from "./scenarioFile.js";
import { decodeState, encodeState, type Page } from "./urlState.js";

const main = document.getElementById("main")!;
let teardown: (() => void) | null = null;
let currentHash = "";
let current: Page | null = null;

const mounts: Record<Page, (root: HTMLElement, ctx: PageContext) => () => void> = {
  "fine-tuning": mountFineTuning,
  openness: mountOpenness,
  collaboration: mountCollaboration,
};

function route(): void {
  if (location.hash === currentHash && current !== null) return;
  const state = decodeState(location.hash);
  teardown?.();
  current = state.page;
  currentHash = location.hash;
  for (const a of document.querySelectorAll<HTMLAnchorElement>("nav a")) {
    if (a.dataset["page"] === state.page) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  document.title = `${state.page} — FTG explorer`;
  const ctx: PageContext = {
    state,
    setUrl(s) {
      const hash = encodeState({ page: state.page, ...s });
      if (hash !== location.hash) {
        currentHash = hash;
        history.replaceState(null, "", hash);
      }
    },
    async copyLink() {
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
route();
