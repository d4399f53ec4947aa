/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * Rendered math for the model panels: KaTeX (bundled, offline, ~260 KB), loaded once a page has
 * shown its first result (the "first-result" event of ./status.ts), so it is not part of what the
 * first result waits for. Until it has loaded, an element shows its TeX source.
 */
import { fmt, h } from "./dom.js";

type Katex = typeof import("katex").default;
let katex: Katex | null = null;
let loading: Promise<Katex> | null = null;
const waiting = new Set<() => void>();

function load(): Promise<Katex> {
  loading ??= Promise.all([import("katex"), import("katex/dist/katex.min.css")]).then(([k]) => {
    katex = k.default;
    for (const f of waiting) f();
    waiting.clear();
    return katex;
  });
  return loading;
}

/** Whether a page has shown a result (then formulas load at the next idle moment). */
let firstResult = false;

function loadWhenIdle(): void {
  if (loading !== null) return;
  if (typeof requestIdleCallback === "function") requestIdleCallback(() => void load(), { timeout: 2000 });
  else setTimeout(() => void load(), 200);
}

function onFirstResult(): void {
  firstResult = true;
  if (waiting.size > 0) loadWhenIdle();
}
if (typeof document !== "undefined") {
  document.addEventListener("first-result", onFirstResult, { once: true });
  // a page whose first computation fails still gets its formulas
  setTimeout(onFirstResult, 10_000);
}

/** An element showing `tex` (display style unless `inline`); `set` changes it later. */
export function mathElement(tex: string, inline = false): { root: HTMLElement; set(tex: string): void } {
  const root = h(inline ? "span" : "div", { class: inline ? "math" : "math display" });
  let current = tex;
  const paint = () => {
    if (katex === null) {
      root.textContent = current;
      return;
    }
    katex.render(current, root, { displayMode: !inline, throwOnError: false, output: "htmlAndMathml" });
  };
  if (katex === null) waiting.add(paint);
  if (firstResult) loadWhenIdle();
  paint();
  return {
    root,
    set(t: string) {
      if (t === current) return;
      current = t;
      paint();
    },
  };
}

/** A number for TeX: {@link fmt}, with TeX's minus and × 10^k. */
export function texNum(x: number | null | undefined): string {
  const s = fmt(x).replace(/−/g, "-");
  const m = /^(-?[0-9.]+) × 10(.+)$/.exec(s);
  if (m === null) return s === "—" ? "\\text{—}" : s;
  const exp = m[2]!.replace(/[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]/g, (c) => "-0123456789"["⁻⁰¹²³⁴⁵⁶⁷⁸⁹".indexOf(c)]!);
  return `${m[1]} \\times 10^{${exp}}`;
}

/** Colours TeX like a figure's series. */
export const coloured = (colour: string, tex: string): string => `\\textcolor{${colour}}{${tex}}`;
