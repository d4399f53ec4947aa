/**
 * mathjs for the explorer, loaded on demand. The core reads mathjs through its `#mathjs` import
 * (packages/core/src/fine-tuning/mathjs); the explorer's build points that import here (see
 * ../../vite.config.ts), so the expression parser (~640 KB) is fetched only when a cost or revenue
 * is an expression, not with the first page. Until it has loaded, a core call that needs it throws
 * {@link ParserNotLoaded}; callers load it ({@link loadMathjs}) and call again ({@link withParser}).
 */
/** The mathjs API the core's expression compiler uses. */
type MathJs = typeof import("mathjs");

const MESSAGE = "the expression parser is still loading";

/** Thrown by {@link mathjs} before {@link loadMathjs} has finished. */
export class ParserNotLoaded extends Error {
  constructor() {
    super(MESSAGE);
    this.name = "ParserNotLoaded";
  }
}

let instance: MathJs | undefined;
let loading: Promise<MathJs> | undefined;

/** The mathjs instance; throws {@link ParserNotLoaded} until {@link loadMathjs} has finished. */
export function mathjs(): MathJs {
  if (instance === undefined) throw new ParserNotLoaded();
  return instance;
}

/** Loads mathjs (once; later calls return the same promise). */
export function loadMathjs(): Promise<MathJs> {
  loading ??= import("mathjs/lib/browser/math.js").then((m) => {
    instance = m.default;
    return instance;
  });
  return loading;
}

/** Whether mathjs has loaded. */
export function parserLoaded(): boolean {
  return instance !== undefined;
}

/**
 * Whether an error says the parser had not loaded: a {@link ParserNotLoaded}, or the core's
 * error for the expression it was parsing, which carries the message on.
 */
export function isParserNotLoaded(e: unknown): boolean {
  return e instanceof ParserNotLoaded || (e instanceof Error && e.message.includes(MESSAGE));
}

/** Runs `f`; if it needed the parser before it had loaded, loads the parser and runs `f` again. */
export async function withParser<T>(f: () => T): Promise<T> {
  try {
    return f();
  } catch (e) {
    if (!isParserNotLoaded(e)) throw e;
    await loadMathjs();
    return f();
  }
}
