/**
 * `--set name=value` for `solve` and `plot`: fills every `{{name}}` placeholder in a scenario's
 * strings with the number, as `--vary name=…` does at each point of a sweep, so one templated file
 * serves all three commands. A placeholder left without a value is an error naming its field.
 */
import { UserError } from "../errors.js";

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** Parses repeated `--set name=value` flags (later ones win) into values by name. */
export function parseSets(specs: readonly string[] | undefined): Map<string, number> {
  const out = new Map<string, number>();
  for (const spec of specs ?? []) {
    const eq = spec.indexOf("=");
    const name = spec.slice(0, Math.max(0, eq)).trim();
    const text = spec.slice(eq + 1).trim();
    if (eq <= 0 || !NAME.test(name)) {
      throw new UserError(`--set: expected name=number (e.g. --set c=1.5), found ${JSON.stringify(spec)}`);
    }
    if (!NUMBER.test(text) || !Number.isFinite(Number(text))) {
      throw new UserError(`--set ${name}: expected a finite number, found ${JSON.stringify(text)}`);
    }
    out.set(name, Number(text));
  }
  return out;
}

/** Formats a field path the way users write it: `specialists[0].cost`. */
function pathText(path: readonly (string | number)[]): string {
  return path.map((k, i) => (typeof k === "number" ? `[${k}]` : i === 0 ? k : `.${k}`)).join("");
}

/**
 * `raw` with each `{{name}}` replaced by `(value)` (parenthesised, full precision, like a sweep).
 * Throws a UserError for a --set name that no string uses, and for a placeholder left unfilled.
 */
export function fillPlaceholders(raw: unknown, sets: ReadonlyMap<string, number>, label: string): unknown {
  const used = new Set<string>();
  const fill = (x: unknown, path: (string | number)[]): unknown => {
    if (typeof x === "string") {
      const filled = x.replace(/\{\{\s*([^{}]*?)\s*\}\}/g, (token, name: string) => {
        const v = sets.get(name);
        if (v === undefined) {
          throw new UserError(
            `${label}: ${pathText(path)}: placeholder ${token} has no value; pass --set ${name}=<number>`,
          );
        }
        used.add(name);
        return `(${String(v)})`;
      });
      return filled;
    }
    if (Array.isArray(x)) return x.map((v, i) => fill(v, [...path, i]));
    if (x !== null && typeof x === "object") {
      return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, fill(v, [...path, k])]));
    }
    return x;
  };
  const out = fill(raw, []);
  for (const name of sets.keys()) {
    if (!used.has(name)) {
      throw new UserError(`--set ${name}: ${label} has no {{${name}}} placeholder`);
    }
  }
  return out;
}
