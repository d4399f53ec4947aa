export { run } from "./main.js";
export { UserError } from "./errors.js";
export type { ModelHandler, SolveFlags, SolveOutput } from "./models/handler.js";
