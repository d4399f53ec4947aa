export { UserError } from "./errors.js";
export { run } from "./main.js";
export type { ModelHandler, SolveFlags, SolveOutput } from "./models/handler.js";
