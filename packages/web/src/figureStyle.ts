/**
 * The explorer's touches on the core's figure specifications: every bargaining solution keeps one
 * shape, fill and size whatever the scenario (the core's shapes follow the order the solutions
 * appear in, which changes), larger marks drawn first so coincident solutions stay visible, and a
 * ring around the selected solution's marks.
 */

/** Each known solution's shape, colour (Okabe–Ito, colour-blind safe) and size (px²). */
export const SOLUTION_STYLE: Readonly<Record<string, { shape: string; fill: string; size: number }>> = {
  nash: { shape: "circle", fill: "#0072b2", size: 150 },
  "kalai-smorodinsky": { shape: "square", fill: "#d55e00", size: 130 },
  egalitarian: { shape: "triangle-up", fill: "#009e73", size: 140 },
  utilitarian: { shape: "cross", fill: "#cc79a7", size: 160 },
  "max-performance": { shape: "diamond", fill: "#e69f00", size: 210 },
  "powerful-G": { shape: "triangle-right", fill: "#56b4e9", size: 90 },
  "powerful-D": { shape: "triangle-down", fill: "#000000", size: 110 },
  "powerful (other specialists)": { shape: "triangle-down", fill: "#767676", size: 80 },
  "selected δ": { shape: "triangle-left", fill: "#595959", size: 60 },
};
/** Styles of solutions not listed (a specialist's powerful solution: powerful-<name>). */
const OTHER = { shape: "triangle-down", fill: "#000000", size: 100 };

export function solutionStyle(id: string): { shape: string; fill: string; size: number } {
  return SOLUTION_STYLE[id] ?? OTHER;
}

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => x !== null && typeof x === "object" && !Array.isArray(x);

/** A layer drawing solution marks: points whose shape encodes the solution. */
function solutionField(layer: unknown): string | null {
  if (!isObj(layer)) return null;
  const enc = layer["encoding"];
  const shape = isObj(enc) ? enc["shape"] : undefined;
  const f = isObj(shape) ? shape["field"] : undefined;
  return f === "solution" || f === "legend" ? f : null;
}

/**
 * Restyles the solution marks of a specification (in place) and adds a ring layer around the
 * marks of `selected` (always present, empty when nothing is selected, so selecting a solution only
 * swaps data). Returns the specification.
 */
export function styleSolutions<T>(spec: T, selected: string | null): T {
  let labelled = false;
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) {
      x.forEach(walk);
      return;
    }
    if (!isObj(x)) return;
    for (const [k, v] of Object.entries(x)) {
      if (k === "layer" && Array.isArray(v)) {
        const extra: unknown[] = [];
        for (const layer of v) {
          // the solutions' rules, labelled once (in the first panel that has them)
          if (!labelled && isRuleOfSolutions(layer)) {
            labelled = true;
            extra.push(ruleLabels((layer as { data: { values: Obj[] } }).data.values));
          }
          const f = solutionField(layer);
          if (f === null) continue;
          extra.push(restyle(layer as Obj, f, selected));
        }
        v.push(...extra);
      }
      walk(v);
    }
  };
  walk(spec);
  return spec;
}

function restyle(layer: Obj, field: string, selected: string | null): Obj {
  const data = layer["data"] as { values?: Obj[] } | undefined;
  const rows = data?.values ?? [];
  const ids = [...new Set(rows.map((r) => String(r[field])))];
  const known = Object.keys(SOLUTION_STYLE);
  const domain = [...known.filter((id) => ids.includes(id)), ...ids.filter((id) => !known.includes(id))];
  const styles = domain.map(solutionStyle);
  // larger marks first, so a smaller one on the same spot is drawn over it
  const sizeOf = (r: Obj) => solutionStyle(String(r[field])).size;
  if (data !== undefined) data.values = [...rows].sort((a, b) => sizeOf(b) - sizeOf(a));
  const enc = layer["encoding"] as Obj;
  const shape = enc["shape"] as Obj;
  enc["shape"] = { ...shape, sort: domain, scale: { domain, range: styles.map((s) => s.shape) } };
  enc["fill"] = {
    field,
    type: "nominal",
    title: shape["title"] ?? "solution",
    sort: domain,
    scale: { domain, range: styles.map((s) => s.fill) },
    ...(isObj(shape["legend"]) ? { legend: shape["legend"] } : {}),
  };
  // (one legend: shape, fill and size share the field and the title, so Vega-Lite merges them)
  enc["size"] = {
    field,
    type: "nominal",
    title: shape["title"] ?? "solution",
    sort: domain,
    scale: { domain, range: styles.map((s) => s.size) },
    ...(isObj(shape["legend"]) ? { legend: shape["legend"] } : {}),
  };
  layer["mark"] = { ...(layer["mark"] as Obj), stroke: "#ffffff", strokeWidth: 0.8, opacity: 1 };
  const ring = rows.filter((r) => selected !== null && r["solution"] === selected);
  return {
    data: { values: ring },
    mark: { type: "point", shape: "circle", size: 420, filled: false, stroke: "#0b5cad", strokeWidth: 2.5 },
    encoding: {
      x: { field: "delta", type: "quantitative" },
      y: { field: "utility", type: "quantitative" },
    },
  };
}

/** A layer of dashed rules at the solutions' δ (the core's `solutionRules`). */
function isRuleOfSolutions(layer: unknown): boolean {
  if (!isObj(layer)) return false;
  const mark = layer["mark"];
  const values = (layer["data"] as { values?: unknown } | undefined)?.values;
  return (
    isObj(mark) &&
    mark["type"] === "rule" &&
    Array.isArray(values) &&
    values.length > 0 &&
    values.every((r) => isObj(r) && typeof r["solution"] === "string")
  );
}

/** δ closer than this are one label ("max-performance = powerful-G"). */
const SAME_DELTA = 1e-6;

/**
 * Labels for the solutions' rules: each solution's name along its rule at the top of the panel,
 * solutions at the same δ in one label; the specialists' own powerful solutions (many with many
 * specialists) are left to the legend.
 */
function ruleLabels(rules: readonly Obj[]): Obj {
  const groups: { delta: number; names: string[] }[] = [];
  for (const r of rules) {
    const id = String(r["solution"]);
    const d = Number(r["delta"]);
    if (!Number.isFinite(d) || (id.startsWith("powerful-") && id !== "powerful-G" && id !== "powerful-D"))
      continue;
    const g = groups.find((x) => Math.abs(x.delta - d) < SAME_DELTA);
    if (g === undefined) groups.push({ delta: d, names: [id] });
    else if (!g.names.includes(id)) g.names.push(id);
  }
  return {
    data: { values: groups.map((g) => ({ delta: g.delta, label: g.names.join(" = ") })) },
    mark: {
      type: "text",
      angle: 270,
      align: "right",
      baseline: "bottom",
      dy: -2,
      dx: -4,
      fontSize: 9,
      color: "#444",
    },
    encoding: {
      x: { field: "delta", type: "quantitative" },
      y: { value: 0 },
      text: { field: "label", type: "nominal" },
    },
  };
}
