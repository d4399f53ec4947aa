/**
 * The grid of a sweep: `--vary <path>=<from>:<to>[:log]:<count>` specifications, their
 * Cartesian product (first --vary varies slowest), and setting a value into a scenario — at a
 * numeric field named by its path (`specialists[0].cost.polynomial.c` or `specialists.0.…`), or at
 * every `{{name}}` placeholder in the scenario's strings (to vary a coefficient inside an
 * expression such as `"{{c}}*(a-a0)^2"`).
 */
import { UserError } from "../errors.js";

/** One varied parameter. */
export interface Axis {
  /** The path or placeholder name, as given. */
  readonly name: string;
  readonly path: readonly (string | number)[];
  readonly values: readonly number[];
  readonly scale: "linear" | "log";
}

/** A point of the grid: its index and the value of each axis. */
export interface GridPoint {
  readonly index: number;
  readonly values: readonly number[];
}

const NUM = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/**
 * Significant digits kept of a computed grid value: enough for any value a user would type, few
 * enough to drop the last-bit error of the arithmetic (0.1 + 0.2 = 0.30000000000000004 → 0.3).
 */
const GRID_DIGITS = 15;

/** `x` as a user would write it: the grid point that is solved and printed is this value. */
export function asWritten(x: number): number {
  return Number(x.toPrecision(GRID_DIGITS));
}

/** Parses `path=from:to[:log]:count`. */
export function parseVary(spec: string): Axis {
  const eq = spec.indexOf("=");
  const bad = (why: string) =>
    new UserError(
      `--vary "${spec}": ${why}; expected <path>=<from>:<to>[:log]:<count>, e.g. specialists[0].cost.polynomial.c=0.5:2:11`,
    );
  if (eq <= 0) throw bad("missing <path>=");
  const name = spec.slice(0, eq).trim();
  const parts = spec.slice(eq + 1).split(":");
  const log = parts.length === 4 && parts[2] === "log";
  if (!(parts.length === 3 || log)) throw bad(`"${spec.slice(eq + 1)}" has ${parts.length} fields`);
  const [fromS, toS] = parts as [string, string];
  const countS = parts[parts.length - 1]!;
  if (!NUM.test(fromS)) throw bad(`from "${fromS}" is not a number`);
  if (!NUM.test(toS)) throw bad(`to "${toS}" is not a number`);
  if (!/^\d+$/.test(countS) || Number(countS) < 1 || Number(countS) > 1_000_000)
    throw bad(`count "${countS}" is not a whole number in [1, 1000000]`);
  const from = Number(fromS);
  const to = Number(toS);
  const count = Number(countS);
  if (log && !(from > 0 && to > 0)) throw bad("a log scale needs from > 0 and to > 0");
  const values =
    count === 1
      ? [from]
      : Array.from({ length: count }, (_, i) => {
          if (i === count - 1) return to;
          const t = i / (count - 1);
          return asWritten(
            log ? Math.exp(Math.log(from) + t * (Math.log(to) - Math.log(from))) : from + t * (to - from),
          );
        });
  return { name, path: parsePath(name), values, scale: log ? "log" : "linear" };
}

/** `a.b[0].c` or `a.b.0.c` → ["a", "b", 0, "c"]. */
export function parsePath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const part of path.replace(/\[(\d+)\]/g, ".$1").split(".")) {
    if (part === "") throw new UserError(`--vary: path "${path}" has an empty segment`);
    out.push(/^\d+$/.test(part) ? Number(part) : part);
  }
  return out;
}

/** Number of grid points. */
export function gridSize(axes: readonly Axis[]): number {
  return axes.reduce((n, a) => n * a.values.length, 1);
}

/** The i-th point of the grid (the last axis varies fastest). */
export function gridPoint(axes: readonly Axis[], index: number): GridPoint {
  const values = new Array<number>(axes.length);
  let rest = index;
  for (let k = axes.length - 1; k >= 0; k--) {
    const n = axes[k]!.values.length;
    values[k] = axes[k]!.values[rest % n]!;
    rest = Math.floor(rest / n);
  }
  return { index, values };
}

function hasPlaceholder(x: unknown, token: string): boolean {
  if (typeof x === "string") return x.includes(token);
  if (Array.isArray(x)) return x.some((v) => hasPlaceholder(v, token));
  if (x !== null && typeof x === "object") return Object.values(x).some((v) => hasPlaceholder(v, token));
  return false;
}

function replaceAll(x: unknown, token: string, value: string): unknown {
  if (typeof x === "string") return x.split(token).join(value);
  if (Array.isArray(x)) return x.map((v) => replaceAll(v, token, value));
  if (x !== null && typeof x === "object")
    return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, replaceAll(v, token, value)]));
  return x;
}

/** Whether `axis` addresses a numeric field or a placeholder of `raw`; throws a UserError if neither. */
export function checkAxis(raw: unknown, axis: Axis): "field" | "placeholder" {
  let node: unknown = raw;
  for (const key of axis.path) {
    if (node === null || typeof node !== "object") {
      node = undefined;
      break;
    }
    node = (node as Record<string | number, unknown>)[key];
  }
  if (typeof node === "number") return "field";
  if (axis.path.length === 1 && hasPlaceholder(raw, `{{${axis.name}}}`)) return "placeholder";
  throw new UserError(
    `--vary: "${axis.name}" ${node === undefined ? "is not in the scenario" : `is ${JSON.stringify(node)}`}; expected the path of a numeric field or the name of a {{${axis.name}}} placeholder in the scenario's expressions`,
  );
}

/** A copy of `raw` with each axis set to its value at the point. */
export function applyPoint(raw: unknown, axes: readonly Axis[], values: readonly number[]): unknown {
  let out = structuredClone(raw);
  axes.forEach((axis, k) => {
    const v = values[k]!;
    if (axis.path.length === 1 && hasPlaceholder(out, `{{${axis.name}}}`)) {
      // full precision, parenthesised so that a negative value stays one factor
      out = replaceAll(out, `{{${axis.name}}}`, `(${String(v)})`);
      return;
    }
    let node = out as Record<string | number, unknown>;
    for (const key of axis.path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
    node[axis.path[axis.path.length - 1]!] = v;
  });
  return out;
}
