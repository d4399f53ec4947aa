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
  /** The specification on screen with its data taken out (see {@link templatise}). */
  private shape = "";
  private drawing: Promise<void> | null = null;
  private data = new Map<string, unknown[]>();
  private waiting: unknown;
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

  /**
   * Shows a specification. When it differs from the one on screen only in its inline data (a
   * slider moved), the data are swapped into the running view — no recompilation, no new view —
   * which is what keeps a slider event within a frame.
   */
  async show(spec: unknown): Promise<void> {
    // one drawing at a time; while one runs, only the newest waiting specification is kept
    if (this.drawing !== null) {
      this.waiting = spec;
      return this.drawing;
    }
    this.drawing = this.draw(spec);
    try {
      await this.drawing;
    } finally {
      this.drawing = null;
    }
    if (this.waiting !== undefined) {
      const next = this.waiting;
      this.waiting = undefined;
      await this.show(next);
    }
  }

  private async draw(spec: unknown): Promise<void> {
    const t0 = performance.now();
    const { template, datasets, shape } = templatise(spec);
    if (this.view !== null && shape === this.shape) {
      // only the data that changed (by identity: unchanged arrays are passed through as they were)
      for (const [name, values] of datasets) {
        if (this.data.get(name) !== values) this.view.data(name, values as object[]);
      }
      await this.view.runAsync();
    } else {
      const vg = compile(template as TopLevelSpec).spec;
      const view = new View(parse(vg), { renderer: "canvas", container: this.plot, hover: true });
      for (const [name, values] of datasets) view.data(name, values as object[]);
      view.addEventListener("pointermove", (_e, item) => this.onHover?.(datumOf(item)));
      view.addEventListener("click", (_e, item) => this.onClick?.(datumOf(item)));
      await view.runAsync();
      this.view?.finalize();
      this.view = view;
      this.shape = shape;
    }
    this.data = datasets;
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

/**
 * Takes the inline data out of a Vega-Lite specification: every `data: {values}` becomes a named
 * source `ftg_<k>` (numbered in document order), so two specifications with the same `shape`
 * differ only in data and one compiled view can show both. Layers given the same array share one
 * source, so Vega ingests and updates it once.
 */
export function templatise(spec: unknown): {
  template: unknown;
  datasets: Map<string, unknown[]>;
  shape: string;
} {
  const datasets = new Map<string, unknown[]>();
  const names = new Map<unknown[], string>();
  const walk = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(walk);
    if (x === null || typeof x !== "object") return x;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) {
      const values = (v as { values?: unknown } | null)?.values;
      if (k === "data" && Array.isArray(values) && Object.keys(v as object).length === 1) {
        let name = names.get(values);
        if (name === undefined) {
          name = `ftg_${datasets.size}`;
          names.set(values, name);
          datasets.set(name, values);
        }
        out[k] = { name };
      } else out[k] = walk(v);
    }
    return out;
  };
  const template = walk(spec);
  return { template, datasets, shape: JSON.stringify(template) };
}
