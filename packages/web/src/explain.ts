/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The parts every page's model panel is made of: a collapsible panel, a glossary of the terms the
 * page shows, captioned presets of the papers' scenarios, and a guided tour that walks through
 * them one step at a time.
 */
import { h } from "./dom.js";

/** A scenario from a paper, with what it shows and where. */
export interface Preset<S> {
  readonly id: string;
  readonly title: string;
  /** The paper's figure or section it comes from. */
  readonly source: string;
  /** What to look at once it is loaded (also the tour's text for this step). */
  readonly caption: string;
  readonly state: S;
}

/**
 * The theory pages of the documentation (docs/theory/*.md), by the explorer's model. The
 * documentation site serves the repository's docs/ at /docs/ and the built explorer at
 * /explorer/ (scripts/docs/explorer.ts), so from the explorer a page is at
 * `../docs/theory/<file>.html`.
 */
export const THEORY_PAGES = Object.freeze({
  "fine-tuning": { file: "fine-tuning-games", title: "Theory: fine-tuning games" },
  openness: { file: "openness-regulation", title: "Theory: openness regulation" },
  collaboration: { file: "defection-free-collaboration", title: "Theory: competitors who collaborate" },
} as const);

/** The theory page's address from the explorer's page (see {@link THEORY_PAGES}). */
export function theoryHref(model: keyof typeof THEORY_PAGES): string {
  return `../docs/theory/${THEORY_PAGES[model].file}.html`;
}

/** A paragraph linking to a model's theory page, with what the page holds. */
export function theoryLink(model: keyof typeof THEORY_PAGES, holds: string): HTMLElement {
  return h(
    "p",
    { class: "theory" },
    "More: ",
    h("a", { href: theoryHref(model), "data-theory": model }, THEORY_PAGES[model].title),
    ` (${holds}).`,
  );
}

/**
 * The model panel: a details element, open on a wide screen; the model on the left, the presets
 * and the tour (`side`) on the right (below it on a narrow screen).
 */
export function modelPanel(title: string, main: readonly Node[], side: readonly Node[]): HTMLDetailsElement {
  // open on screens with room for it; on a phone it would push the controls a screen down
  const roomy = typeof matchMedia === "function" && matchMedia("(min-width: 700px)").matches;
  return h(
    "details",
    { class: "model", open: roomy },
    h("summary", {}, title),
    h(
      "div",
      { class: "model-body" },
      h("div", { class: "model-main" }, ...main),
      h("div", { class: "model-side" }, ...side),
    ),
  );
}

/** A definition list of the page's terms. */
export function glossary(terms: readonly (readonly [string, string])[]): HTMLElement {
  return h(
    "details",
    { class: "glossary" },
    h("summary", {}, "What the terms mean"),
    h("dl", {}, ...terms.flatMap(([t, d]) => [h("dt", {}, t), h("dd", {}, d)])),
  );
}

/**
 * The presets as captioned buttons, and a tour through them ("Start the tour", then Back/Next):
 * each step loads its preset and shows its caption in a live region.
 */
export function presetsAndTour<S>(
  presets: readonly Preset<S>[],
  apply: (p: Preset<S>) => void,
  tourTitle: string,
): HTMLElement {
  const caption = h("p", { class: "tour-caption", "aria-live": "polite" });
  let step = -1;
  const back = h("button", { type: "button", disabled: true }, "Back");
  const next = h("button", { type: "button", "data-tour": "next" }, `Start the tour: ${tourTitle}`);
  const go = (k: number): void => {
    step = k;
    const p = presets[k]!;
    apply(p);
    caption.replaceChildren(
      h("strong", {}, `Step ${k + 1} of ${presets.length}: ${p.title}. `),
      p.caption,
      h("span", { class: "source" }, ` (${p.source})`),
    );
    back.disabled = k === 0;
    next.textContent = k === presets.length - 1 ? "End the tour" : "Next step";
  };
  back.addEventListener("click", () => go(Math.max(0, step - 1)));
  next.addEventListener("click", () => {
    if (step === presets.length - 1) {
      step = -1;
      caption.replaceChildren();
      back.disabled = true;
      next.textContent = `Start the tour: ${tourTitle}`;
      return;
    }
    go(step + 1);
  });
  return h(
    "div",
    { class: "presets" },
    h("h3", {}, "Scenarios from the papers"),
    h(
      "ul",
      {},
      ...presets.map((p, k) =>
        h(
          "li",
          {},
          h("button", { type: "button", "data-preset": p.id, onclick: () => go(k) }, p.title),
          h("span", { class: "hint" }, ` ${p.source}: ${p.caption}`),
        ),
      ),
    ),
    h("div", { class: "tour toolbar" }, back, next),
    caption,
  );
}
