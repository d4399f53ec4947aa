/**
 * Renders a Vega-Lite specification (from @ftg/core's plots) to SVG with vega in Node — no
 * browser — and to PNG with resvg, a Rust SVG rasteriser, using the system fonts.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, extname } from "node:path";
import type { VegaLiteSpec } from "@ftg/core";
import type * as Resvg from "@resvg/resvg-js";
import type * as Vega from "vega";
import type * as VegaLite from "vega-lite";
import { UserError } from "../errors.js";

// The renderers are loaded on first use: importing vega, vega-lite and resvg costs about a second
// of CPU, which every other command (and every sweep worker) would pay at start-up.
let renderers: Promise<{ vega: typeof Vega; vl: typeof VegaLite }> | undefined;
const loadRenderers = () =>
  (renderers ??= Promise.all([import("vega"), import("vega-lite")]).then(([vega, vl]) => ({ vega, vl })));
const require = createRequire(import.meta.url);

/** Output formats of a figure, chosen by file extension. */
export type FigureFormat = "svg" | "png" | "json";

/** SVG text of a Vega-Lite specification. */
export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  const { vega, vl } = await loadRenderers();
  const compiled = vl.compile(spec as unknown as VegaLite.TopLevelSpec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none", logLevel: vega.Error });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** PNG bytes of an SVG, at `scale` × its pixel size (default 2, for crisp text). */
export function svgToPng(svg: string, scale = 2): Uint8Array {
  const { Resvg: Rasteriser } = require("@resvg/resvg-js") as typeof Resvg;
  const r = new Rasteriser(svg, {
    fitTo: { mode: "zoom", value: scale },
    background: "white",
    font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans" },
  });
  return r.render().asPng();
}

/** The format of an output path by its extension (.svg, .png, or .json for the specification). */
export function figureFormat(path: string): FigureFormat {
  const ext = extname(path).toLowerCase();
  if (ext === ".svg") return "svg";
  if (ext === ".png") return "png";
  if (ext === ".json") return "json";
  throw new UserError(
    `--out: "${path}" has extension "${ext}"; expected .svg, .png or .json (the Vega-Lite specification)`,
  );
}

/** Writes the figure to `path` in the format its extension names. */
export async function writeFigure(spec: VegaLiteSpec, path: string): Promise<void> {
  const format = figureFormat(path);
  await mkdir(dirname(path), { recursive: true });
  if (format === "json") {
    await writeFile(path, `${JSON.stringify(spec, null, 2)}\n`);
    return;
  }
  const svg = await renderSvg(spec);
  await writeFile(path, format === "svg" ? svg : svgToPng(svg));
}
