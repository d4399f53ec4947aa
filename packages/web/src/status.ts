/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * Whether the results on screen belong to the inputs on screen. Every page has one `ResultStatus`
 * over its outputs: while a computation runs (or the worker starts), after a solver failure and
 * while an input is invalid, the outputs are dimmed and a line says why; when fresh results are
 * drawn, the line says what they are (a polite live region, so screen readers hear each result).
 */
import { h } from "./dom.js";

/** The states of a page's results. */
export type ResultState = "busy" | "stale" | "error" | "ok";

export class ResultStatus {
  /** The line that says what the outputs show (put it above the outputs). */
  readonly root: HTMLElement;
  private readonly text: HTMLElement;
  state: ResultState = "busy";
  /** Whether the first result has arrived (until then, busy means the worker is starting). */
  private fresh = true;

  /**
   * @param page the page's root (gets `aria-busy` while computing, read by tests and the benchmark)
   * @param outputs the elements dimmed while they do not match the inputs
   * @param part true for the status of one part of a page (its first result is not the page's)
   */
  constructor(
    private readonly page: HTMLElement,
    private readonly outputs: readonly HTMLElement[],
    private readonly part = false,
  ) {
    this.text = h("span", { class: "status-text" });
    this.root = h(
      "p",
      { class: "result-status", role: "status", "aria-live": "polite", "data-state": "busy" },
      h("span", { class: "status-dot", "aria-hidden": "true" }),
      this.text,
    );
    this.set("busy", "Starting the solver (first run loads it)…");
  }

  /** A computation for the inputs on screen is running; `reason` says which. */
  busy(reason = "Computing…"): void {
    this.set("busy", this.fresh ? "Starting the solver (first run loads it)…" : reason);
  }
  /** The results are for earlier inputs, which are no longer on screen (e.g. an invalid field). */
  stale(reason: string): void {
    this.set("stale", reason);
  }
  /** The solver failed for the inputs on screen: the results shown are for earlier inputs. */
  error(reason: string): void {
    this.set("error", reason);
  }
  /** The results match the inputs; `summary` is announced. */
  ok(summary: string): void {
    // when the page first showed a complete result, ms since navigation (read by bench/web.ts)
    if (this.fresh) {
      this.page.dataset["firstResultMs"] ??= String(performance.now());
      // what waits for the page's first result (the model panels' formulas, ./math.ts) may load now
      if (!this.part) this.page.dispatchEvent(new Event("first-result", { bubbles: true }));
    }
    this.fresh = false;
    this.set("ok", summary);
  }

  private set(state: ResultState, message: string): void {
    this.state = state;
    this.root.dataset["state"] = state;
    if (this.text.textContent !== message) this.text.textContent = message;
    for (const o of this.outputs) o.dataset["state"] = state;
    if (state === "busy") this.page.setAttribute("aria-busy", "true");
    else this.page.removeAttribute("aria-busy");
  }
}
