/** The tests' seeded generator: the library's own (mulberry32), so random cases are the same on every run. */
export { seeded as rng } from "../src/numerics/seeded.js";
