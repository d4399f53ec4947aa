/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The fine-tuning page's scenario form: the generalist's cost, the table of specialists (add,
 * duplicate, remove, add many drawn from ranges), each cost as a polynomial (sliders and fields) or
 * an expression. It edits the scenario object in place and tells the page after every edit.
 */
import { seeded } from "@ftg/core";
import { field, h, parseNumber } from "../../dom.js";

export type Raw = Record<string, unknown>;
export type Spec = { name?: unknown; cost: unknown; revenue?: unknown; disagreement?: unknown };
type Poly = { c?: unknown; k?: unknown; fixed?: unknown };

export const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

/** Specialists' rows shown before "Show all" (the table never scrolls inside the page). */
export const SPECIALIST_ROWS = 12;

export function setAt(obj: Raw, path: (string | number)[], value: unknown): void {
  let o = obj as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) {
    if (o[k] === null || typeof o[k] !== "object") o[k] = {};
    o = o[k] as Record<string | number, unknown>;
  }
  const last = path[path.length - 1]!;
  if (value === undefined) delete o[last];
  else o[last] = value;
}

/** A fresh name not used by any specialist. */
export function freshName(specs: readonly Spec[], base = "D"): string {
  const used = new Set(specs.map((s, i) => (typeof s.name === "string" ? s.name : `D${i + 1}`)));
  for (let i = specs.length + 1; ; i++) if (!used.has(`${base}${i}`)) return `${base}${i}`;
}

/** The expression of a polynomial cost (what switching a cost to "expression" starts from). */
export function polyToExpr(cost: unknown, generalist: boolean): string {
  const p = ((cost as Raw | null)?.["polynomial"] ?? { c: 1, k: 2 }) as Poly;
  const c = p.c ?? 1;
  const k = p.k ?? 2;
  const base = generalist ? `${c}*a0^${k}` : `${c}*(a-a0)^${k}`;
  return typeof p.fixed === "number" && p.fixed !== 0 ? `${base}+${p.fixed}` : base;
}

const NUM = String.raw`([0-9]*\.?[0-9]+(?:e[-+]?[0-9]+)?)`;
/**
 * The polynomial an expression is, when it is one in the form {@link polyToExpr} writes (so a
 * cost switched to an expression and back keeps its coefficients); null otherwise.
 * @example
 * exprToPoly("2*(a-a0)^3+0.1", false) // { c: 2, k: 3, fixed: 0.1 }
 */
export function exprToPoly(
  expr: string,
  generalist: boolean,
): { c: number; k: number; fixed?: number } | null {
  const e = expr.replace(/\s+/g, "");
  const body = generalist ? String.raw`a0\^` : String.raw`\(a-a0\)\^`;
  const m = new RegExp(`^(?:${NUM}\\*)?${body}${NUM}(?:\\+${NUM})?$`, "i").exec(e);
  if (m === null) return null;
  const c = m[1] === undefined ? 1 : Number(m[1]);
  const k = Number(m[2]);
  const fixed = m[3] === undefined ? undefined : Number(m[3]);
  if (generalist && fixed !== undefined) return null;
  return fixed === undefined ? { c, k } : { c, k, fixed };
}

/** The library's seeded generator: the same seed draws the same specialists. */
export { seeded };

/** What the form needs from its page. */
export interface FormHost {
  readonly scenario: () => Raw;
  /** Called after every edit of the scenario. */
  readonly changed: () => void;
  /** The file input of "Import specialists…" (its label is in the table's toolbar). */
  readonly appendInput: HTMLInputElement;
  /** The bargaining controls, shown after the specialists. */
  readonly bargain: HTMLElement;
}

export class FineTuningForm {
  readonly root = h("div", { class: "form" });
  /** The polynomial each cost had before it was switched to an expression, by its path. */
  private readonly lastPoly = new Map<string, Raw>();
  private showAllRows = false;

  constructor(private readonly host: FormHost) {}

  private specs(): Spec[] {
    const s = this.host.scenario()["specialists"];
    return Array.isArray(s) ? (s as Spec[]) : [];
  }

  private edit(path: (string | number)[], value: unknown): void {
    setAt(this.host.scenario(), path, value);
    this.host.changed();
  }

  private costFields(path: (string | number)[], cost: unknown, variables: string): HTMLElement {
    const p = path.join(".").replace(/\.(\d+)/g, "[$1]");
    if (typeof cost === "string") {
      return field({
        label: `cost expression in ${variables}`,
        path: p,
        value: cost,
        width: "14em",
        onInput: (t) => this.edit(path, t),
      }).root;
    }
    const poly = ((cost as Raw | null)?.["polynomial"] ?? {}) as Raw;
    const num = (
      key: string,
      label: string,
      slider: { min: number; max: number; step: number },
      empty?: number,
    ) =>
      field({
        label,
        path: `${p}.polynomial.${key}`,
        value: poly[key] === undefined ? "" : String(poly[key]),
        slider,
        ...(empty === undefined ? {} : { empty }),
        onInput: (t) =>
          this.edit(
            [...path, "polynomial", key],
            empty !== undefined && t.trim() === "" ? undefined : parseNumber(t),
          ),
      }).root;
    const isG = path[0] === "generalist";
    return h(
      "div",
      { class: "poly" },
      num("c", isG ? "c0 (cost scale)" : "c (cost scale)", { min: 0.05, max: 5, step: 0.01 }),
      num("k", isG ? "k0 (exponent)" : "k (exponent)", { min: 1.1, max: 4, step: 0.05 }),
      // no fixed cost is a fixed cost of 0: the slider starts there, not in its middle
      isG ? null : num("fixed", "fixed cost", { min: 0, max: 1, step: 0.01 }, 0),
    );
  }

  private modeSelect(
    path: (string | number)[],
    cost: unknown,
    label: string,
    generalist: boolean,
  ): HTMLElement {
    const key = path.join(".");
    const sel = h(
      "select",
      { "aria-label": label },
      h("option", { value: "polynomial" }, "polynomial c·x^k"),
      h("option", { value: "expression" }, "expression"),
    );
    sel.value = typeof cost === "string" ? "expression" : "polynomial";
    sel.addEventListener("change", () => {
      const now = this.getAt(path);
      if (sel.value === "expression") {
        if (now !== null && typeof now === "object") this.lastPoly.set(key, clone(now as Raw));
        setAt(this.host.scenario(), path, polyToExpr(now, generalist));
      } else {
        // back to the coefficients the expression still has, else the ones it was switched from
        const parsed = typeof now === "string" ? exprToPoly(now, generalist) : null;
        const back =
          parsed !== null
            ? { polynomial: parsed }
            : (this.lastPoly.get(key) ?? { polynomial: { c: 1, k: 2 } });
        setAt(this.host.scenario(), path, clone(back));
      }
      this.build();
      this.host.changed();
    });
    return sel;
  }

  private getAt(path: (string | number)[]): unknown {
    return path.reduce<unknown>(
      (o, k) => (o as Record<string | number, unknown> | null)?.[k],
      this.host.scenario(),
    );
  }

  /** Rebuilds the form from the scenario (after a structural change: rows, cost forms, a file). */
  build(): void {
    const g = (this.host.scenario()["generalist"] ?? {}) as Raw;
    const gen = h(
      "fieldset",
      {},
      h("legend", {}, "Generalist G: cost φ0(α0)"),
      this.modeSelect(["generalist", "cost"], g["cost"], "generalist cost form", true),
      this.costFields(["generalist", "cost"], g["cost"], "a0"),
      field({
        label: "d0 (disagreement payoff)",
        path: "generalist.disagreement",
        value: String(g["disagreement"] ?? 0),
        width: "5em",
        onInput: (t) => this.edit(["generalist", "disagreement"], parseNumber(t)),
      }).root,
    );
    const all = this.specs();
    const shown = this.showAllRows ? all : all.slice(0, SPECIALIST_ROWS);
    const rows = shown.map((s, i) => this.row(s, i, all.length));
    const more = all.length - shown.length;
    const table = h(
      "fieldset",
      {},
      h("legend", {}, `Specialists (${all.length})`),
      h("span", { class: "err", "data-error-for": "specialists" }),
      h(
        "div",
        { class: "table-wrap" },
        h(
          "table",
          { class: "specialists" },
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              ...["name", "cost φ(α; α0)", "revenue, d", "regime at δ", "actions"].map((t) =>
                h("th", { scope: "col" }, t),
              ),
            ),
          ),
          h("tbody", {}, ...rows),
        ),
      ),
      all.length > SPECIALIST_ROWS
        ? h(
            "button",
            {
              type: "button",
              class: "link",
              "aria-expanded": String(this.showAllRows),
              onclick: () => {
                this.showAllRows = !this.showAllRows;
                this.build();
              },
            },
            this.showAllRows
              ? `Show the first ${SPECIALIST_ROWS} specialists only`
              : `Edit all ${all.length} specialists (${more} more)`,
          )
        : null,
      h(
        "div",
        { class: "toolbar" },
        h("button", { type: "button", onclick: () => this.add() }, "Add specialist"),
        h("label", { class: "button", for: this.host.appendInput.id }, "Import specialists…"),
        this.host.appendInput,
        all.length > 1
          ? h("button", { type: "button", onclick: () => this.keepFirst() }, "Remove all but the first")
          : null,
      ),
      this.manyForm(),
    );
    this.root.replaceChildren(gen, table, this.host.bargain);
  }

  private row(s: Spec, i: number, count: number): HTMLElement {
    const path = ["specialists", i];
    const p = `specialists[${i}]`;
    const name = typeof s.name === "string" ? s.name : `specialist ${i + 1}`;
    return h(
      "tr",
      { "data-specialist": i },
      h(
        "td",
        {},
        field({
          label: "name",
          path: `${p}.name`,
          value: typeof s.name === "string" ? s.name : "",
          width: "5em",
          onInput: (t) => this.edit([...path, "name"], t === "" ? undefined : t),
        }).root,
      ),
      h(
        "td",
        {},
        this.modeSelect([...path, "cost"], s.cost, `cost form of ${name}`, false),
        this.costFields([...path, "cost"], s.cost, "a and a0"),
      ),
      h(
        "td",
        {},
        field({
          label: "revenue r(a)",
          path: `${p}.revenue`,
          value: typeof s.revenue === "string" ? s.revenue : "a",
          width: "6em",
          onInput: (t) => this.edit([...path, "revenue"], t),
        }).root,
        field({
          label: "d (disagreement)",
          path: `${p}.disagreement`,
          value: String(s.disagreement ?? 0),
          width: "5em",
          onInput: (t) => this.edit([...path, "disagreement"], parseNumber(t)),
        }).root,
      ),
      // a fixed-size box: its text changes with every δ, and must not re-lay out the whole table
      h(
        "td",
        { "data-label": "regime at δ" },
        h("span", { class: "regime regime-box", "data-regime-of": i }, "—"),
      ),
      h(
        "td",
        { class: "row-actions" },
        h(
          "button",
          { type: "button", "aria-label": `duplicate specialist ${i + 1}`, onclick: () => this.duplicate(i) },
          "Duplicate",
        ),
        h(
          "button",
          {
            type: "button",
            "aria-label": `remove specialist ${i + 1}`,
            disabled: count <= 1,
            onclick: () => this.remove(i),
          },
          "Remove",
        ),
      ),
    );
  }

  /** "Add N specialists" with costs drawn uniformly from ranges (seeded, so a link repeats them). */
  private manyForm(): HTMLElement {
    const box = (label: string, value: string, id: string) => {
      const input = h("input", { type: "text", id, value, inputmode: "decimal", style: "width:4.5em" });
      return { input, root: h("div", { class: "field" }, h("label", { for: id }, label), input) };
    };
    const n = box("how many", "20", "ft-many-n");
    const cLo = box("c from", "0.5", "ft-many-clo");
    const cHi = box("c to", "3", "ft-many-chi");
    const fLo = box("fixed cost from", "0", "ft-many-flo");
    const fHi = box("fixed cost to", "0", "ft-many-fhi");
    const seed = box("seed", "1", "ft-many-seed");
    const err = h("span", { class: "err", role: "alert", "data-error-for": "many" });
    const go = h("button", { type: "button" }, "Add these specialists");
    go.addEventListener("click", () => {
      const v = (b: { input: HTMLInputElement }) =>
        Number(b.input.value.trim() === "" ? Number.NaN : b.input.value);
      const count = v(n);
      const [c0, c1, f0, f1, s] = [v(cLo), v(cHi), v(fLo), v(fHi), v(seed)];
      const problem = !(Number.isInteger(count) && count >= 1 && count <= 1000)
        ? `how many: expected a whole number from 1 to 1000 (found ${JSON.stringify(n.input.value)})`
        : !(c0 > 0 && c1 >= c0)
          ? `c from/to: expected 0 < from ≤ to (found ${cLo.input.value} to ${cHi.input.value})`
          : !(f0 >= 0 && f1 >= f0)
            ? `fixed cost from/to: expected 0 ≤ from ≤ to (found ${fLo.input.value} to ${fHi.input.value})`
            : !Number.isInteger(s)
              ? `seed: expected a whole number (found ${JSON.stringify(seed.input.value)})`
              : null;
      err.textContent = problem ?? "";
      if (problem !== null) return;
      this.addMany(count, [c0, c1], [f0, f1], s);
    });
    return h(
      "details",
      { class: "many" },
      h("summary", {}, "Add many specialists at once…"),
      h(
        "p",
        { class: "hint" },
        "Quadratic costs c·(α − α0)² + fixed with c and the fixed cost drawn uniformly from the ranges; revenue r(α) = α.",
      ),
      h("div", { class: "poly" }, n.root, cLo.root, cHi.root, fLo.root, fHi.root, seed.root),
      go,
      err,
    );
  }

  addMany(count: number, c: readonly [number, number], fixed: readonly [number, number], seed: number): void {
    const list = this.specs();
    const rnd = seeded(seed);
    const round = (x: number) => Number(x.toPrecision(3));
    for (let i = 0; i < count; i++) {
      const cc = round(c[0] + (c[1] - c[0]) * rnd());
      const ff = round(fixed[0] + (fixed[1] - fixed[0]) * rnd());
      list.push({
        name: freshName(list),
        cost: { polynomial: ff > 0 ? { c: cc, k: 2, fixed: ff } : { c: cc, k: 2 } },
        revenue: "a",
        disagreement: 0,
      });
    }
    this.build();
    this.host.changed();
  }

  add(): void {
    const list = this.specs();
    list.push({ name: freshName(list), cost: { polynomial: { c: 2, k: 2 } }, revenue: "a", disagreement: 0 });
    this.build();
    this.host.changed();
  }
  duplicate(i: number): void {
    const list = this.specs();
    const c = clone(list[i]!);
    c.name = freshName(list, typeof c.name === "string" ? c.name.replace(/\d+$/, "") || "D" : "D");
    list.splice(i + 1, 0, c);
    this.build();
    this.host.changed();
  }
  remove(i: number): void {
    this.specs().splice(i, 1);
    this.build();
    this.host.changed();
  }
  keepFirst(): void {
    this.specs().splice(1);
    this.build();
    this.host.changed();
  }
}
