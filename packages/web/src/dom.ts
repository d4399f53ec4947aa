/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * A few DOM helpers: element creation, labelled fields whose error message sits next to them,
 * number formatting. Plain DOM keeps the explorer dependency-free and fast (no virtual DOM to
 * diff on every slider event) and needs no build plugin.
 */

type Attrs = Record<string, string | number | boolean | null | undefined | ((e: Event) => void)>;
type Child = Node | string | null | undefined | false;

/** Creates an element: attributes (`on…` are listeners, booleans toggle) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (typeof v === "function") el.addEventListener(k.slice(2).toLowerCase(), v);
    else if (v === true) el.setAttribute(k, "");
    else el.setAttribute(k, String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

/**
 * A number for display: 5 significant digits, no trailing zeros, "—" for null; the full value
 * goes in `data-value` wherever tests or readers need it.
 * @example
 * fmt(0.6228446) // "0.62284"
 */
export function fmt(x: number | null | undefined): string {
  if (x === null || x === undefined) return "—";
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return "0";
  const a = Math.abs(x);
  if (a >= 1e6 || a < 1e-4) {
    const [m, e] = x.toExponential(3).split("e");
    const sup = (e ?? "").replace(/^\+/, "").replace(/[-0-9]/g, (d) => SUPERSCRIPT[d] ?? d);
    return `${String(Number(m)).replace("-", "−")} × 10${sup}`;
  }
  return String(Number(x.toPrecision(5))).replace("-", "−");
}

const SUPERSCRIPT: Record<string, string> = {
  "-": "⁻",
  "0": "⁰",
  "1": "¹",
  "2": "²",
  "3": "³",
  "4": "⁴",
  "5": "⁵",
  "6": "⁶",
  "7": "⁷",
  "8": "⁸",
  "9": "⁹",
};

/** Below this a certificate's gain is solver noise (the solvers' tolerances are 1e-9 to 1e-7). */
export const CERTIFICATE_NOISE = 1e-6;

/**
 * A certificate's number for people: "≈ 0" below {@link CERTIFICATE_NOISE} in size, "none (…)" when
 * negative (no deviation gains), else the number.
 * @example
 * fmtCertificate(-6.104e-5) // "none (−6.104 × 10⁻⁵)"
 */
export function fmtCertificate(x: number | null | undefined): string {
  if (x === null || x === undefined) return "—";
  if (Math.abs(x) < CERTIFICATE_NOISE) return "≈ 0";
  if (x < 0) return `none (${fmt(x)})`;
  return fmt(x);
}

/** A table cell showing a number, with its full value in `data-value`. */
export function numCell(x: number | null | undefined, tag: "td" | "th" = "td"): HTMLElement {
  return h(tag, { class: "num", "data-value": x === null || x === undefined ? "" : String(x) }, fmt(x));
}

let uid = 0;

/** A labelled input with its error slot; the input carries `data-path` (the scenario field). */
export interface Field {
  readonly root: HTMLElement;
  readonly input: HTMLInputElement | HTMLSelectElement;
  readonly slider: HTMLInputElement | null;
  setError(message: string | null): void;
  setValue(v: string): void;
}

/** Options of {@link field}. */
export interface FieldOptions {
  readonly label: string;
  readonly path: string;
  readonly value: string;
  /** A range slider beside the text box, with these bounds. */
  readonly slider?: { readonly min: number; readonly max: number; readonly step: number };
  /** A select instead of a text box. */
  readonly options?: readonly string[];
  readonly hint?: string;
  readonly width?: string;
  /** What an empty box means (a slider then sits there, and the box shows it as a placeholder). */
  readonly empty?: number;
  /** Called with the text on every edit (slider or box). */
  readonly onInput: (text: string) => void;
}

/** A labelled field: text box (or select), optional slider, and its error message next to it. */
export function field(o: FieldOptions): Field {
  const id = `f${++uid}`;
  const errId = `${id}-err`;
  const err = h("span", { class: "err", id: errId, role: "alert", "data-error-for": o.path });
  const input =
    o.options !== undefined
      ? h("select", { id, "data-path": o.path }, ...o.options.map((v) => h("option", { value: v }, v)))
      : h("input", {
          id,
          type: "text",
          inputmode: o.slider ? "decimal" : null,
          "data-path": o.path,
          value: o.value,
          spellcheck: "false",
          autocomplete: "off",
          style: o.width === undefined ? null : `width:${o.width}`,
          placeholder: o.empty === undefined ? null : String(o.empty),
        });
  input.value = o.value;
  /** The slider's position for a text: the number, what empty means, or (not a number) unchanged. */
  const sliderValue = (t: string): string | null =>
    t.trim() === ""
      ? o.empty === undefined
        ? null
        : String(o.empty)
      : Number.isFinite(Number(t))
        ? t
        : null;
  const slider =
    o.slider === undefined
      ? null
      : h("input", {
          type: "range",
          min: o.slider.min,
          max: o.slider.max,
          step: o.slider.step,
          "aria-label": `${o.label} (slider)`,
          "data-slider-for": o.path,
        });
  if (slider !== null) slider.value = sliderValue(o.value) ?? slider.value;
  input.addEventListener(o.options ? "change" : "input", () => {
    const v = sliderValue(input.value);
    if (slider !== null && v !== null) slider.value = v;
    o.onInput(input.value);
  });
  slider?.addEventListener("input", () => {
    input.value = slider.value;
    o.onInput(slider.value);
  });
  const root = h(
    "div",
    { class: "field" },
    h("label", { for: id }, o.label),
    h("div", { class: "controls" }, slider, input),
    o.hint === undefined ? null : h("small", { class: "hint" }, o.hint),
    err,
  );
  return {
    root,
    input,
    slider,
    setError(message) {
      err.textContent = message ?? "";
      if (message === null) {
        input.removeAttribute("aria-invalid");
        input.removeAttribute("aria-describedby");
      } else {
        input.setAttribute("aria-invalid", "true");
        input.setAttribute("aria-describedby", errId);
      }
    },
    setValue(v) {
      input.value = v;
      const sv = sliderValue(v);
      if (slider !== null && sv !== null) slider.value = sv;
    },
  };
}

/** A number from a text box, or the text itself (so the schema reports what the user typed). */
export function parseNumber(text: string): number | string {
  const t = text.trim();
  if (t === "") return t;
  const x = Number(t);
  return Number.isFinite(x) ? x : t;
}

/** Offers a text as a file download. */
export function download(name: string, content: string | Blob, type = "text/plain"): void {
  const blob = typeof content === "string" ? new Blob([content], { type }) : content;
  const a = h("a", { href: URL.createObjectURL(blob), download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

/** Shows field issues next to their fields (by `data-path`); returns the issues with no field. */
export function showIssues(
  root: HTMLElement,
  issues: readonly { path: string; message: string }[],
): { path: string; message: string }[] {
  for (const e of root.querySelectorAll<HTMLElement>("[data-error-for]")) e.textContent = "";
  for (const i of root.querySelectorAll<HTMLElement>("[aria-invalid]")) i.removeAttribute("aria-invalid");
  const orphans: { path: string; message: string }[] = [];
  for (const issue of issues) {
    const slot = [...root.querySelectorAll<HTMLElement>("[data-error-for]")].find(
      (e) => e.dataset["errorFor"] === issue.path || issue.path.startsWith(`${e.dataset["errorFor"]}.`),
    );
    if (slot === undefined) {
      orphans.push(issue);
      continue;
    }
    slot.textContent = issue.message;
    const input = root.querySelector<HTMLElement>(`[data-path="${CSS.escape(slot.dataset["errorFor"]!)}"]`);
    input?.setAttribute("aria-invalid", "true");
    input?.setAttribute("aria-describedby", slot.id);
  }
  return orphans;
}

/**
 * The scenario toolbar every page starts with: import (through `fileInput`, whose id the label
 * targets), export as JSON or YAML, any page-specific buttons, and copy link.
 */
export function scenarioToolbar(o: {
  readonly fileInput: HTMLInputElement;
  readonly exportAs: (format: "json" | "yaml") => void | Promise<void>;
  readonly copyLink: () => void;
  readonly extra?: readonly HTMLElement[];
  /** What an export contains ("fine-tuning scenario"), for the buttons' accessible names. */
  readonly what: string;
}): HTMLElement {
  return h(
    "div",
    { class: "toolbar" },
    h("label", { class: "button", for: o.fileInput.id }, "Import scenario…"),
    o.fileInput,
    h(
      "button",
      {
        type: "button",
        title: `Download the ${o.what} as JSON (what npx ftg solve reads)`,
        onclick: () => void o.exportAs("json"),
      },
      "Export scenario (JSON)",
    ),
    h(
      "button",
      {
        type: "button",
        title: `Download the ${o.what} as YAML (what npx ftg solve reads)`,
        onclick: () => void o.exportAs("yaml"),
      },
      "Export scenario (YAML)",
    ),
    ...(o.extra ?? []),
    h(
      "button",
      {
        type: "button",
        title: "Copy a link that reopens this page with these inputs and this view",
        onclick: () => o.copyLink(),
      },
      "Copy link",
    ),
  );
}

/**
 * A box that scrolls a wide table sideways on a narrow screen: focusable and labelled, so keyboard
 * users can scroll it too.
 */
export function scrollBox(label: string, table: HTMLElement): HTMLElement {
  return h("div", { class: "table-wrap", tabindex: 0, role: "region", "aria-label": label }, table);
}
