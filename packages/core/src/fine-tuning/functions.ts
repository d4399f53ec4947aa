/**
 * Cost and revenue functions of the fine-tuning game: their types, and arbitrary expressions in
 * `a0` (the generalist's performance) and `a` (a specialist's final performance). The polynomial
 * family of Section 3 (φ0 = c0·α0^k0, φi = F + ci·(α − α0)^ki, with an optional fixed cost F) is
 * built and recognised in ./families.ts.
 *
 * Expressions are parsed by mathjs, checked against a whitelist (numbers, `a`, `a0`, `pi`, `e`,
 * arithmetic, and named elementary functions), differentiated symbolically, and compiled to plain
 * JavaScript from the checked tree only — user text is never evaluated as code.
 * @see Laufer, Kleinberg, Heidari, "Fine-Tuning Games" (arXiv:2308.04399; docs/theory/fine-tuning-games.md) Section 2 (model), Section 3 eqs (3)–(4)
 */
import type { MathNode } from "mathjs";
// mathjs's prebuilt bundle, one file, rather than its ES modules (~1,000 files): importing "mathjs"
// cost 1.5 s of CPU per process, paid again by every sweep worker thread, the bundle 0.3 s
// (measured, Node 20). Same library, same version, same API. In Node it loads on the first
// expression (see ./mathjs/node.ts), so games without expressions never load it.
import { mathjs } from "#mathjs";
import { InputError } from "../inputError.js";
import { bracketDepth, LIMITS } from "../scenario/limits.js";
import { boundTree, COST_DOMAIN, type Interval, REVENUE_DOMAIN } from "./concavity.js";

const parse = (text: string): MathNode => mathjs().parse(text);
const derivative = (node: MathNode, variable: string, options: { simplify: boolean }): MathNode =>
  mathjs().derivative(node, variable, options);

/** A function of one variable with its derivative. */
export interface Fn1 {
  readonly source: string;
  value(x: number): number;
  derivative(x: number): number;
  /** Second derivative (symbolic where possible). */
  second(x: number): number;
  /**
   * An enclosure of the second derivative over x ≥ 0, proven (interval arithmetic over its
   * symbolic tree, ./concavity.ts); absent where none is. Set for revenues only.
   */
  readonly secondBounds?: Interval | undefined;
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
  /**
   * An enclosure of ∂²φ/∂a² over a ≥ a0 ≥ 0, proven (interval arithmetic over its symbolic tree,
   * ./concavity.ts); absent where none is.
   */
  readonly dAABounds?: Interval | undefined;
}

/** Polynomial generalist cost F0 + c·a0^k (F0, a fixed cost paid when G enters). */
export interface PolyCost0 {
  readonly c: number;
  readonly k: number;
  readonly fixed: number;
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
export class ExpressionError extends InputError {
  override readonly name = "ExpressionError";
}

/*
 * Threat model: expression text comes from untrusted scenario files and URLs. It is parsed into a
 * tree, every node is checked against the whitelists below, and JavaScript is emitted from the
 * checked tree only. The whitelists are Maps, never plain objects: a lookup on an object literal
 * also finds the names every JavaScript object inherits ("constructor", "toString", "__proto__",
 * "valueOf", ...), which would slip a non-whitelisted value into the emitted code.
 */
const FUNCTIONS: ReadonlyMap<string, string> = new Map(
  Object.entries({
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
  }),
);
const CONSTANTS: ReadonlyMap<string, string> = new Map([
  ["pi", "Math.PI"],
  ["e", "Math.E"],
]);
const OPERATORS: ReadonlyMap<string, string> = new Map([
  ["+", "+"],
  ["-", "-"],
  ["*", "*"],
  ["/", "/"],
]);

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
      // a number lifted out of the user's tree by `parametrise` (never a name the user wrote:
      // the user's tree is checked before lifting)
      if (text === LIFTED && /^_k\d+$/.test(name)) return name.slice(1);
      const c = CONSTANTS.get(name);
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
      const op = OPERATORS.get(n.op!);
      if (args.length === 2 && op !== undefined) return `(${args[0]} ${op} ${args[1]})`;
      throw new ExpressionError(`"${text}": operator "${n.op}" is not supported (use + - * / ^)`);
    }
    case "FunctionNode": {
      const fnName = (n.fn as { name?: string }).name ?? "";
      const js = FUNCTIONS.get(fnName);
      if (js === undefined) {
        throw new ExpressionError(
          `"${text}": unknown function "${fnName}" (allowed: ${[...FUNCTIONS.keys()].join(", ")})`,
        );
      }
      return `${js}(${n.args!.map((a) => toJs(a, vars, text)).join(", ")})`;
    }
    default:
      throw new ExpressionError(`"${text}": ${n.type.replace("Node", "").toLowerCase()} is not allowed here`);
  }
}

/** Marker `text` of trees whose numbers were lifted into parameters (see `parametrise`). */
const LIFTED = "\u0000lifted";

/** A compiled function of the named variables, given the values of its lifted numbers. */
type Factory = (k: readonly number[]) => (...x: number[]) => number;

/**
 * Compiles a tree whose numbers are named `_k0, _k1, …` into a factory taking their values. Two
 * expressions that differ only in their numbers (a sweep over a cost coefficient) share the
 * factory, so the code is parsed, differentiated and compiled once and every instance runs as
 * already-optimised code: a fresh `new Function` per point ran interpreted for its first thousands
 * of calls and made call sites megamorphic (measured: a sweep point took twice as long as a
 * repeated solve).
 */
function compileFactory(node: MathNode, vars: readonly string[], count: number): Factory {
  const body = toJs(node, vars, LIFTED);
  const locals = Array.from({ length: count }, (_, i) => `k${i} = k[${i}]`).join(", ");
  // Safe: `body` is generated from a checked tree (numbers, the named variables, Math.* calls and
  // arithmetic), never from the user's text directly.
  return new Function(
    "k",
    `"use strict";${count > 0 ? ` const ${locals};` : ""} return function (${vars.join(", ")}) { return ${body}; };`,
  ) as Factory;
}

/** The tree with its numbers replaced by symbols `_k0, _k1, …`, and their values. */
function parametrise(node: MathNode): { shape: MathNode; values: number[] } {
  const values: number[] = [];
  const math = mathjs();
  const shape = node.transform((n) => {
    if (n instanceof math.ConstantNode && typeof n.value === "number") {
      values.push(n.value);
      return new math.SymbolNode(`_k${values.length - 1}`);
    }
    return n;
  });
  return { shape, values };
}

function parseChecked(text: string): MathNode {
  if (text.trim() === "") throw new ExpressionError("empty expression");
  // the parser, the checks and the derivatives recurse once per level of the tree
  if (text.length > LIMITS.expressionLength)
    throw new ExpressionError(
      `"${text.slice(0, 40)}…": ${text.length} characters; expressions have at most ${LIMITS.expressionLength}`,
    );
  if (bracketDepth(text) > LIMITS.expressionDepth)
    throw new ExpressionError(
      `"${text.slice(0, 40)}…": parentheses nested ${bracketDepth(text)} deep; at most ${LIMITS.expressionDepth}`,
    );
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

function tryFactory(node: MathNode | undefined, vars: readonly string[], count: number) {
  if (node === undefined) return undefined;
  try {
    return compileFactory(node, vars, count);
  } catch {
    return undefined;
  }
}

/** Compiled factories by the expression's shape (its tree with numbers lifted), and its derivatives' trees. */
const shapes = new Map<string, { factories: (Factory | undefined)[]; trees: (MathNode | undefined)[] }>();

/**
 * Parses and checks `text`, lifts its numbers, and returns its factories' instances, its
 * derivatives' trees (numbers lifted) and the lifted numbers' values.
 */
function instances(
  text: string,
  vars: readonly string[],
  derivatives: (shape: MathNode) => (MathNode | undefined)[],
): {
  fns: ((...x: number[]) => number)[] | undefined[];
  trees: (MathNode | undefined)[];
  values: number[];
} {
  const node = parseChecked(text);
  toJs(node, vars, text); // the user's tree is checked here, with errors that quote `text`
  const { shape, values } = parametrise(node);
  const { factories, trees } = memo(shapes, `${vars.join()}:${shape.toString()}`, () => {
    const trees = derivatives(shape);
    return {
      factories: [
        compileFactory(shape, vars, values.length),
        ...trees.map((d) => tryFactory(d, vars, values.length)),
      ],
      trees,
    };
  });
  return { fns: factories.map((make) => make?.(values)) as ((...x: number[]) => number)[], trees, values };
}

/**
 * Compiled expressions by source text. Compiling (parse, check, three symbolic derivatives) costs
 * milliseconds; a sweep rebuilds the same scenario at every point. The cache holds pure functions
 * of the text, so sharing them is safe; it is bounded.
 */
const compiled = new Map<string, Fn1 | Fn2>();

/** Entries a cache keeps; the oldest goes first. */
const CACHE_LIMIT = 1000;
/** `cache`'s value for `key`, made and kept on first use (at most CACHE_LIMIT entries). */
function memo<V>(cache: Map<string, V>, key: string, make: () => V): V {
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const made = make();
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(key, made);
  return made;
}

/** A function of one variable (`a0` for the generalist's cost, `a` for a revenue). */
export function expression1(text: string, variable: "a0" | "a"): Fn1 {
  return memo(compiled, `1:${variable}:${text}`, () => compileExpression1(text, variable)) as Fn1;
}

function compileExpression1(text: string, variable: "a0" | "a"): Fn1 {
  type F1 = (x: number) => number;
  const { fns, trees, values } = instances(text, [variable], (shape) => {
    const d1 = symbolicNode(shape, variable);
    return [d1, d1 && symbolicNode(d1, variable)];
  });
  const [f, df0, ddf0] = fns as (F1 | undefined)[];
  const value = f!;
  const df = df0 ?? numericDerivative(value);
  const ddf = ddf0 ?? numericDerivative(df);
  const tree = variable === "a" ? trees[1] : undefined;
  // a revenue's second derivative over a ≥ 0, for the proof of a specialist's concavity: bounded
  // when first read (the numeric path's searches), not for each of a million specialists built
  let bounds: Interval | undefined | null = null;
  return {
    source: text,
    value,
    derivative: df,
    second: ddf,
    get secondBounds(): Interval | undefined {
      if (bounds === null) bounds = tree === undefined ? undefined : boundTree(tree, values, REVENUE_DOMAIN);
      return bounds;
    },
  };
}

/** A specialist cost in `a` and `a0`. */
export function expression2(text: string): Fn2 {
  return memo(compiled, `2:${text}`, () => compileExpression2(text)) as Fn2;
}

function compileExpression2(text: string): Fn2 {
  type F2 = (a: number, a0: number) => number;
  const { fns, trees, values } = instances(text, ["a", "a0"], (shape) => {
    const nA = symbolicNode(shape, "a");
    return [nA, nA && symbolicNode(nA, "a"), nA && symbolicNode(nA, "a0"), symbolicNode(shape, "a0")];
  });
  const [f0, dA0_, dAA0_, dAA00_, dA00_] = fns as (F2 | undefined)[];
  const f = f0!;
  const dA: F2 = dA0_ ?? ((a, a0) => numericDerivative((x) => f(x, a0))(a));
  const dAA: F2 = dAA0_ ?? ((a, a0) => numericDerivative((x) => dA(x, a0))(a));
  const dAA0: F2 = dAA00_ ?? ((a, a0) => numericDerivative((y) => dA(a, y))(a0));
  const dA0: F2 = dA00_ ?? ((a, a0) => numericDerivative((y) => f(a, y))(a0));
  const tree = trees[1];
  // bounded when first read (see compileExpression1)
  let bounds: Interval | undefined | null = null;
  return {
    source: text,
    value: f,
    dA,
    dAA,
    dAA0,
    dA0,
    get dAABounds(): Interval | undefined {
      if (bounds === null) bounds = tree === undefined ? undefined : boundTree(tree, values, COST_DOMAIN);
      return bounds;
    },
  };
}
