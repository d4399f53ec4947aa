/**
 * Schemas built on first use. Building every scenario schema (and loading zod to do it) when the
 * package is imported cost about a third of `ftg solve`'s start-up; a schema exported through
 * {@link lazySchema} is built the first time anything touches it (parse, compose, inspect), and a
 * bundler drops the ones a program never uses.
 */

/**
 * A stand-in for the value `build()` returns, built on first access and then forwarded to in
 * every respect (properties, methods, `in`, `instanceof`, keys).
 * @example
 * let built = 0;
 * const schema = lazySchema(() => (built++, z.number()));
 * built // 0 — nothing built yet
 * schema.parse(1) // 1
 * built // 1 — built on first use, once
 */
export function lazySchema<T extends object>(build: () => T): T {
  let value: T | undefined;
  const get = (): T => {
    value ??= build();
    return value;
  };
  return new Proxy({} as T, {
    get: (_target, key) => Reflect.get(get(), key),
    set: (_target, key, v) => Reflect.set(get(), key, v),
    has: (_target, key) => Reflect.has(get(), key),
    ownKeys: () => Reflect.ownKeys(get()),
    getOwnPropertyDescriptor: (_target, key) => {
      const d = Reflect.getOwnPropertyDescriptor(get(), key);
      // a proxy may not report a property as non-configurable unless its target has it so
      return d === undefined ? undefined : { ...d, configurable: true };
    },
    getPrototypeOf: () => Reflect.getPrototypeOf(get()),
  });
}

/** `make()`'s value, computed on the first call and returned by every later one. */
export function once<T>(make: () => T): () => T {
  let value: T | undefined;
  let made = false;
  return () => {
    if (!made) {
      value = make();
      made = true;
    }
    return value as T;
  };
}
