/**
 * Cost and revenue functions of the fine-tuning game: the polynomial family of Section 3
 * (φ0 = c0·α0^k0, φi = F + ci·(α − α0)^ki, with an optional fixed cost F) and arbitrary
 * expressions in `a0` (the generalist's performance) and `a` (a specialist's final performance).
 *
 * Expressions are parsed by mathjs, checked against a whitelist (numbers, `a`, `a0`, `pi`, `e`,
 * arithmetic, and named elementary functions), differentiated symbolically, and compiled to plain
 * JavaScript from the checked tree only — user text is never evaluated as code.
 * @see ../../../../shared/papers/fine-tuning-games.md Section 2 (model), Section 3 eqs (3)–(4)
 */
import { derivative, type MathNode, parse } from "mathjs";

/** A function of one variable with its derivative. */
export interface Fn1 {
  readonly source: string;
  value(x: number): number;
  derivative(x: number): number;
  /** Second derivative (symbolic where possible). */
  second(x: number): number;
}

/** A specialist cost φ(a; a0) with its partial derivative in `a`. */
export interface Fn2 {
  readonly source: string;
  value(a: number, a0: number): number;
  /** ∂φ/∂a. */
  dA(a: number, a0: number): number;
  /** ∂²φ/∂a². */
  dAA(a: number, a0: number): number;
  /** ∂²φ/∂a∂a0 (how the marginal cost moves with the generalist's performance). */
  dAA0(a: number, a0: number): number;
  /** ∂φ/∂a0 (how the cost of reaching a moves with the generalist's performance). */
  dA0(a: number, a0: number): number;
}

/** Polynomial generalist cost c·a0^k. */
export interface PolyCost0 {
  readonly c: number;
  readonly k: number;
}
/** Polynomial specialist cost F + c·(a − a0)^k for a ≥ a0. */
export interface PolyCost1 {
  readonly c: number;
  readonly k: number;
  readonly fixed: number;
}

export interface GeneralistCost extends Fn1 {
  /** Present when the cost is (or was recognised as) c·a0^k: enables the closed-form path. */
  readonly polynomial?: PolyCost0;
}
export interface SpecialistCost extends Fn2 {
  readonly polynomial?: PolyCost1;
}
export interface Revenue extends Fn1 {
  /** Present when r(a) = slope·a. */
  readonly linear?: { readonly slope: number };
}

/** Thrown for an expression that cannot be used; `message` is one line for the user. */
export class ExpressionError extends Error {
  override readonly name = "ExpressionError";
}

const FUNCTIONS: Readonly<Record<string, string>> = {
  exp: "Math.exp",
  log: "Math.log",
  log1p: "Math.log1p",
  log2: "Math.log2",
  log10: "Math.log10",
  sqrt: "Math.sqrt",
  cbrt: "Math.cbrt",
  abs: "Math.abs",
  min: "Math.min",
  max: "Math.max",
  pow: "Math.pow",
  sin: "Math.sin",
  cos: "Math.cos",
  tan: "Math.tan",
  tanh: "Math.tanh",
  sinh: "Math.sinh",
  cosh: "Math.cosh",
  atan: "Math.atan",
};
const CONSTANTS: Readonly<Record<string, string>> = { pi: "Math.PI", e: "Math.E" };
const OPERATORS: Readonly<Record<string, string>> = { "+": "+", "-": "-", "*": "*", "/": "/" };

/** Emits JavaScript for a checked tree; throws ExpressionError on anything outside the whitelist. */
function toJs(node: MathNode, vars: readonly string[], text: string): string {
  const n = node as MathNode & {
    type: string;
    value?: unknown;
    name?: string;
    op?: string;
    fn?: unknown;
    args?: MathNode[];
    content?: MathNode;
  };
  switch (n.type) {
    case "ConstantNode": {
      if (typeof n.value !== "number" || !Number.isFinite(n.value)) {
        throw new ExpressionError(`"${text}": only finite numbers are allowed, found ${String(n.value)}`);
      }
      return `(${n.value})`;
    }
    case "SymbolNode": {
      const name = n.name!;
      if (vars.includes(name)) return name;
      const c = CONSTANTS[name];
      if (c !== undefined) return c;
      throw new ExpressionError(
        `"${text}": unknown variable "${name}" (allowed: ${vars.join(", ")}${vars.length ? ", " : ""}pi, e)`,
      );
    }
    case "ParenthesisNode":
      return `(${toJs(n.content!, vars, text)})`;
    case "OperatorNode": {
      const args = n.args!.map((a) => toJs(a, vars, text));
      if (args.length === 1 && (n.op === "-" || n.op === "+")) return `(${n.op}${args[0]})`;
      if (args.length === 2 && n.op === "^") return `Math.pow(${args[0]}, ${args[1]})`;
      const op = OPERATORS[n.op!];
      if (args.length === 2 && op !== undefined) return `(${args[0]} ${op} ${args[1]})`;
      throw new ExpressionError(`"${text}": operator "${n.op}" is not supported (use + - * / ^)`);
    }
    case "FunctionNode": {
      const fnName = (n.fn as { name?: string }).name ?? "";
      const js = FUNCTIONS[fnName];
      if (js === undefined) {
        throw new ExpressionError(
          `"${text}": unknown function "${fnName}" (allowed: ${Object.keys(FUNCTIONS).join(", ")})`,
        );
      }
      return `${js}(${n.args!.map((a) => toJs(a, vars, text)).join(", ")})`;
    }
    default:
      throw new ExpressionError(`"${text}": ${n.type.replace("Node", "").toLowerCase()} is not allowed here`);
  }
}

function compile(node: MathNode, vars: readonly string[], text: string): (...x: number[]) => number {
  const body = toJs(node, vars, text);
  // Safe: `body` is generated from the whitelisted tree above (numbers, the named variables,
  // Math.* calls and arithmetic), never from the user's text directly.
  return new Function(...vars, `"use strict"; return ${body};`) as (...x: number[]) => number;
}

function parseChecked(text: string): MathNode {
  if (text.trim() === "") throw new ExpressionError("empty expression");
  try {
    return parse(text);
  } catch (e) {
    throw new ExpressionError(`"${text}": cannot parse: ${(e as Error).message}`);
  }
}

/** Central difference, the fallback when a symbolic derivative is unavailable (e.g. abs, min). */
function numericDerivative(f: (x: number) => number): (x: number) => number {
  return (x) => {
    const h = 1e-6 * Math.max(1, Math.abs(x));
    return (f(x + h) - f(x - h)) / (2 * h);
  };
}

/** d node / d variable, or undefined where mathjs has no rule (abs, min, max, ...). */
function symbolicNode(node: MathNode, variable: string): MathNode | undefined {
  try {
    // no simplification: the result is compiled, not shown, and simplify() costs ~50 ms a call
    return derivative(node, variable, { simplify: false });
  } catch {
    return undefined;
  }
}

function tryCompile(node: MathNode, vars: readonly string[], text: string) {
  try {
    return compile(node, vars, text);
  } catch {
    return undefined;
  }
}

/**
 * Compiled expressions by source text. Compiling (parse, check, three symbolic derivatives) costs
 * milliseconds; a sweep rebuilds the same scenario at every point. The cache holds pure functions
 * of the text, so sharing them is safe; it is bounded.
 */
const compiled = new Map<string, Fn1 | Fn2>();
const CACHE_LIMIT = 1000;
function memo<T extends Fn1 | Fn2>(key: string, make: () => T): T {
  const hit = compiled.get(key);
  if (hit !== undefined) return hit as T;
  const fn = make();
  if (compiled.size >= CACHE_LIMIT) compiled.delete(compiled.keys().next().value!);
  compiled.set(key, fn);
  return fn;
}

/** A function of one variable (`a0` for the generalist's cost, `a` for a revenue). */
export function expression1(text: string, variable: "a0" | "a"): Fn1 {
  return memo(`1:${variable}:${text}`, () => compileExpression1(text, variable));
}

function compileExpression1(text: string, variable: "a0" | "a"): Fn1 {
  const node = parseChecked(text);
  const f = compile(node, [variable], text) as (x: number) => number;
  const d1 = symbolicNode(node, variable);
  const df =
    (d1 && (tryCompile(d1, [variable], text) as ((x: number) => number) | undefined)) ?? numericDerivative(f);
  const d2 = d1 && symbolicNode(d1, variable);
  const ddf =
    (d2 && (tryCompile(d2, [variable], text) as ((x: number) => number) | undefined)) ??
    numericDerivative(df);
  return { source: text, value: f, derivative: df, second: ddf };
}

/** A specialist cost in `a` and `a0`. */
export function expression2(text: string): Fn2 {
  return memo(`2:${text}`, () => compileExpression2(text));
}

function compileExpression2(text: string): Fn2 {
  const node = parseChecked(text);
  const vars = ["a", "a0"] as const;
  type F2 = (a: number, a0: number) => number;
  const f = compile(node, vars, text) as F2;
  const nA = symbolicNode(node, "a");
  const dA =
    (nA && (tryCompile(nA, vars, text) as F2 | undefined)) ??
    ((a, a0) => numericDerivative((x) => f(x, a0))(a));
  const nAA = nA && symbolicNode(nA, "a");
  const dAA =
    (nAA && (tryCompile(nAA, vars, text) as F2 | undefined)) ??
    ((a, a0) => numericDerivative((x) => dA(x, a0))(a));
  const nAA0 = nA && symbolicNode(nA, "a0");
  const dAA0 =
    (nAA0 && (tryCompile(nAA0, vars, text) as F2 | undefined)) ??
    ((a, a0) => numericDerivative((y) => dA(a, y))(a0));
  const nA0 = symbolicNode(node, "a0");
  const dA0 =
    (nA0 && (tryCompile(nA0, vars, text) as F2 | undefined)) ??
    ((a, a0) => numericDerivative((y) => f(a, y))(a0));
  return { source: text, value: f, dA, dAA, dAA0, dA0 };
}

const close = (x: number, y: number): boolean =>
  Math.abs(x - y) <= 1e-12 * Math.max(1, Math.abs(x), Math.abs(y));

/** c·a0^k, recognised from values (any way the user wrote it), or undefined. */
export function recognisePolyCost0(f: (a0: number) => number): PolyCost0 | undefined {
  const c = f(1);
  const f2 = f(2);
  if (!(close(f(0), 0) && c > 0 && f2 > c)) return undefined;
  const k = Math.log2(f2 / c);
  if (!(k > 1)) return undefined;
  for (const x of [0.05, 0.37, 1.9, 3.3, 7.1]) if (!close(f(x), c * x ** k)) return undefined;
  return { c, k };
}

/** F + c·(a − a0)^k, recognised from values, or undefined. */
export function recognisePolyCost1(f: (a: number, a0: number) => number): PolyCost1 | undefined {
  const F = f(0.7, 0.7);
  if (!(close(f(0, 0), F) && close(f(2.3, 2.3), F))) return undefined;
  const c = f(1.7, 0.7) - F;
  const f2 = f(2.7, 0.7) - F;
  if (!(c > 0 && f2 > c)) return undefined;
  const k = Math.log2(f2 / c);
  if (!(k > 1)) return undefined;
  for (const [a, a0] of [
    [0.31, 0.2],
    [1.5, 0.1],
    [4.2, 1.3],
    [0.9, 0.85],
    [3, 0],
  ] as const) {
    if (!close(f(a, a0), F + c * (a - a0) ** k)) return undefined;
  }
  return { c, k, fixed: F };
}

/** slope·a, recognised from values, or undefined. */
export function recogniseLinear(f: (a: number) => number): { slope: number } | undefined {
  const slope = f(1);
  if (!(close(f(0), 0) && slope > 0)) return undefined;
  for (const x of [0.13, 0.5, 2.7, 9.4]) if (!close(f(x), slope * x)) return undefined;
  return { slope };
}

/** The generalist's polynomial cost c·a0^k. */
export function polyCost0(c: number, k: number): GeneralistCost {
  return {
    source: `${c}*a0^${k}`,
    value: (a0) => c * a0 ** k,
    derivative: (a0) => c * k * a0 ** (k - 1),
    second: (a0) => c * k * (k - 1) * a0 ** (k - 2),
    polynomial: { c, k },
  };
}

/** A specialist's polynomial cost F + c·(a − a0)^k (for a ≥ a0). */
export function polyCost1(c: number, k: number, fixed = 0): SpecialistCost {
  return {
    source: `${fixed === 0 ? "" : `${fixed} + `}${c}*(a-a0)^${k}`,
    value: (a, a0) => fixed + c * Math.max(0, a - a0) ** k,
    dA: (a, a0) => c * k * Math.max(0, a - a0) ** (k - 1),
    dAA: (a, a0) => c * k * (k - 1) * Math.max(0, a - a0) ** (k - 2),
    dAA0: (a, a0) => -c * k * (k - 1) * Math.max(0, a - a0) ** (k - 2),
    dA0: (a, a0) => -c * k * Math.max(0, a - a0) ** (k - 1),
    polynomial: { c, k, fixed },
  };
}

/** Linear revenue slope·a (the paper's default is the identity, slope 1). */
export function linearRevenue(slope = 1): Revenue {
  return {
    source: slope === 1 ? "a" : `${slope}*a`,
    value: (a) => slope * a,
    derivative: () => slope,
    second: () => 0,
    linear: { slope },
  };
}

/** Generalist cost from an expression, recognising the polynomial family. */
export function generalistCostExpr(text: string): GeneralistCost {
  const fn = expression1(text, "a0");
  const polynomial = recognisePolyCost0(fn.value);
  return polynomial === undefined ? fn : { ...fn, polynomial };
}

/** Specialist cost from an expression, recognising the polynomial family with a fixed cost. */
export function specialistCostExpr(text: string): SpecialistCost {
  const fn = expression2(text);
  const polynomial = recognisePolyCost1(fn.value);
  return polynomial === undefined ? fn : { ...fn, polynomial };
}

/** Revenue from an expression, recognising linear revenue. */
export function revenueExpr(text: string): Revenue {
  const fn = expression1(text, "a");
  const linear = recogniseLinear(fn.value);
  return linear === undefined ? fn : { ...fn, linear };
}
