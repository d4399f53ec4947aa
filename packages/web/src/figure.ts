/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * Renders the core's plot specifications (packages/core/src/plots: Vega-Lite JSON, the same
 * specifications the command line renders to SVG/PNG) with Vega, and downloads them as SVG or PNG.
 */
import { parse, View } from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import { download, h } from "./dom.js";

/** Called with the datum under the pointer (null when leaving a mark). */
export type HoverHandler = (datum: Record<string, unknown> | null) => void;

/** A figure slot: the plot, its download buttons, and the last render time. */
export class Figure {
  readonly root: HTMLElement;
  private readonly plot: HTMLElement;
  private view: View | null = null;
  /** Milliseconds the last `show` spent compiling and rendering. */
  lastRenderMs = 0;
  onHover: HoverHandler | null = null;
  onClick: HoverHandler | null = null;

  constructor(
    readonly name: string,
    label: string,
  ) {
    this.plot = h("div", { class: "plot", role: "img", "aria-label": label, "data-figure": name });
    this.root = h(
      "figure",
      { class: "figure" },
      this.plot,
      h(
        "figcaption",
        {},
        h("button", { type: "button", onclick: () => void this.save("svg") }, "Download SVG"),
        h("button", { type: "button", onclick: () => void this.save("png") }, "Download PNG"),
      ),
    );
  }

  /** Replaces the figure by a new specification. */
  async show(spec: unknown): Promise<void> {
    const t0 = performance.now();
    const vg = compile(spec as TopLevelSpec).spec;
    const view = new View(parse(vg), { renderer: "canvas", container: this.plot, hover: true });
    view.addEventListener("pointermove", (_e, item) => this.onHover?.(datumOf(item)));
    view.addEventListener("click", (_e, item) => this.onClick?.(datumOf(item)));
    await view.runAsync();
    this.view?.finalize();
    this.view = view;
    this.plot.dataset["rendered"] = String(Number(this.plot.dataset["rendered"] ?? "0") + 1);
    this.lastRenderMs = performance.now() - t0;
  }

  /** Downloads the current figure. */
  async save(format: "svg" | "png"): Promise<void> {
    if (this.view === null) return;
    if (format === "svg") download(`${this.name}.svg`, await this.view.toSVG(), "image/svg+xml");
    else {
      const url = await this.view.toImageURL("png", 2);
      const blob = await (await fetch(url)).blob();
      download(`${this.name}.png`, blob);
    }
  }

  /** The current figure as SVG text (for tests and the benchmark). */
  async svg(): Promise<string> {
    return this.view === null ? "" : this.view.toSVG();
  }
}

function datumOf(item: unknown): Record<string, unknown> | null {
  const d = (item as { datum?: unknown } | null | undefined)?.datum;
  return d !== null && typeof d === "object" ? (d as Record<string, unknown>) : null;
}
