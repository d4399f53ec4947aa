/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * Renders the core's plot specifications (packages/core/src/plots: Vega-Lite JSON, the same
 * specifications the command line renders to SVG/PNG) with Vega, and downloads them as SVG or PNG.
 * Vega-Lite compiles in a worker (./figureWorker.ts), once per shape of specification; the page
 * runs Vega's runtime only (./vegaRuntime.ts).
 */
import { download, h } from "./dom.js";
import type { CompileResponse } from "./protocol.js";
import { parse, View } from "./vegaRuntime.js";

let compiler: Worker | null = null;
let compileId = 0;
const compiling = new Map<number, (r: CompileResponse) => void>();
/** Compiled Vega specifications by the shape (JSON) of their data-less Vega-Lite template. */
const compiled = new Map<string, Promise<object>>();

/** The Vega specification of a data-less Vega-Lite template, compiled in the figure worker. */
export function compileTemplate(template: unknown, shape = JSON.stringify(template)): Promise<object> {
  let spec = compiled.get(shape);
  if (spec === undefined) {
    if (compiler === null) {
      compiler = new Worker(new URL("./figureWorker.ts", import.meta.url), { type: "module" });
      compiler.onmessage = (e: MessageEvent<CompileResponse>) => {
        compiling.get(e.data.id)?.(e.data);
        compiling.delete(e.data.id);
      };
    }
    const id = ++compileId;
    const worker = compiler;
    spec = new Promise<object>((resolve, reject) => {
      compiling.set(id, (r) => (r.ok ? resolve(r.spec) : reject(new Error(`figure: ${r.error}`))));
      worker.postMessage({ id, spec: template });
    });
    compiled.set(shape, spec);
    // a failed compilation is not kept: the next attempt asks again
    spec.catch(() => compiled.delete(shape));
    // a page draws a handful of shapes; a long session of resizes should not grow without bound
    if (compiled.size > 64) compiled.delete(compiled.keys().next().value!);
  }
  return spec;
}

/** Called with the datum under the pointer (null when leaving a mark). */
export type HoverHandler = (datum: Record<string, unknown> | null) => void;

/** Below this container width (px) legends go under the plot instead of beside it. */
const NARROW_PX = 640;

/** A figure slot: the plot, its download buttons, and the last render time. */
export class Figure {
  readonly root: HTMLElement;
  /** The labelled plot (Vega draws into a child, so this label survives it). */
  readonly plot: HTMLElement;
  private readonly host: HTMLElement;
  /** Widths in the specification are multiplied by this, learned so the figure fits its container. */
  private fit = 1;
  private narrow = false;
  private lastSpec: unknown = null;
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
    private readonly label: string,
    /** What the downloads contain, for their buttons' labels ("the utility curves"). */
    what = "this figure",
  ) {
    this.host = h("div", { class: "vega-host" });
    this.plot = h("div", { class: "plot", role: "img", "aria-label": label, "data-figure": name }, this.host);
    this.root = h(
      "figure",
      { class: "figure" },
      this.plot,
      h(
        "figcaption",
        {},
        h(
          "button",
          {
            type: "button",
            "aria-label": `Download figure (SVG): ${what}`,
            onclick: () => void this.save("svg"),
          },
          "Download figure (SVG)",
        ),
        h(
          "button",
          {
            type: "button",
            "aria-label": `Download figure (PNG): ${what}`,
            onclick: () => void this.save("png"),
          },
          "Download figure (PNG)",
        ),
      ),
    );
    let width = 0;
    new ResizeObserver(() => {
      const w = this.root.clientWidth;
      if (Math.abs(w - width) < 8) return;
      width = w;
      // a new width: learn the fit again from the full size (rotation, a resized window)
      if (this.lastSpec !== null && this.view !== null) {
        this.fit = 1;
        void this.show(this.lastSpec);
      }
    }).observe(this.root);
  }

  /** Sets the figure's accessible description: its label, then a summary of what it shows now. */
  describe(summary: string): void {
    this.plot.setAttribute("aria-label", `${this.label}. ${summary}`);
  }

  /** The data x of a pointer event over the plot, by the named scale of the top panel (or null). */
  xOf(clientX: number, scale = "x"): number | null {
    const v = this.view as unknown as {
      scale(name: string): ((x: number) => number) & { invert?: (x: number) => number; range(): number[] };
      origin(): [number, number];
    } | null;
    if (v === null) return null;
    let sc: ReturnType<NonNullable<typeof v>["scale"]> | undefined;
    try {
      sc = v.scale(scale);
    } catch {
      return null;
    }
    if (sc?.invert === undefined) return null;
    const canvas = this.host.querySelector("canvas");
    if (canvas === null) return null;
    const rect = canvas.getBoundingClientRect();
    const cssScale = rect.width / (Number(canvas.style.width.replace("px", "")) || rect.width);
    const groupX = this.groupOffset();
    const x = (clientX - rect.left) / cssScale - v.origin()[0] - groupX;
    const [r0, r1] = sc.range();
    if (x < Math.min(r0!, r1!) - 4 || x > Math.max(r0!, r1!) + 4) return null;
    return sc.invert(Math.max(Math.min(r0!, r1!), Math.min(Math.max(r0!, r1!), x)));
  }

  /** The x offset of the first panel (a concatenated figure's panels are groups inside the root). */
  private groupOffset(): number {
    const root = (
      this.view as unknown as {
        scenegraph(): { root: { items: { items: { marktype: string; items: { x?: number }[] }[] }[] } };
      } | null
    )?.scenegraph().root;
    const marks = root?.items[0]?.items ?? [];
    const group = marks.find((m) => m.marktype === "group");
    return group?.items[0]?.x ?? 0;
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
    this.lastSpec = spec;
    const narrow = this.root.clientWidth > 0 && this.root.clientWidth < NARROW_PX;
    if (narrow !== this.narrow) this.fit = 1;
    this.narrow = narrow;
    const { template, datasets, shape } = templatise(fitted(spec, this.fit, this.narrow));
    if (this.view !== null && shape === this.shape) {
      // only the data that changed (by identity: unchanged arrays are passed through as they were)
      for (const [name, values] of datasets) {
        if (this.data.get(name) !== values) this.view.data(name, values as object[]);
      }
      await this.view.runAsync();
    } else {
      const vg = await compileTemplate(template, shape);
      const view = new View(parse(vg), { renderer: "canvas", container: this.host, hover: true });
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
    // wider than its container (a phone): shrink the panels to fit, once per width
    const avail = this.root.clientWidth;
    const drawn = this.host.querySelector("canvas")?.getBoundingClientRect().width ?? 0;
    if (avail > 0 && drawn > avail + 1 && this.fit > 0.5) {
      this.fit = Math.max(0.5, (this.fit * (avail - 4)) / drawn);
      await this.draw(spec);
    }
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

/**
 * A specification with every panel width multiplied by `fit` and, when `narrow`, legends below the
 * plot (a copy; the original is untouched, so its data arrays keep their identity).
 */
export function fitted(spec: unknown, fit: number, narrow: boolean): unknown {
  if (fit === 1 && !narrow) return spec;
  const walk = (x: unknown, key: string): unknown => {
    if (Array.isArray(x)) return key === "values" ? x : x.map((v) => walk(v, ""));
    if (x === null || typeof x !== "object")
      return key === "width" && typeof x === "number" ? Math.round(x * fit) : x;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) out[k] = k === "values" ? v : walk(v, k);
    // a mark placed at a pixel position along x (a rule's label at the panel's right edge)
    if (key === "x" && typeof out["value"] === "number")
      out["value"] = Math.round((out["value"] as number) * fit);
    return out;
  };
  const out = walk(spec, "") as Record<string, unknown>;
  if (narrow) {
    // a long subtitle, one clause a line (a title is as wide as its text, whatever the panels' width)
    const title = out["title"] as Record<string, unknown> | undefined;
    if (typeof title?.["subtitle"] === "string")
      out["title"] = { ...title, subtitle: (title["subtitle"] as string).split(/;\s*/) };
    const config = (out["config"] ?? {}) as Record<string, unknown>;
    out["config"] = {
      ...config,
      legend: {
        ...((config["legend"] as object | undefined) ?? {}),
        orient: "bottom",
        direction: "vertical",
      },
    };
  }
  return out;
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
