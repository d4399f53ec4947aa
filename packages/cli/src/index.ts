export { UserError } from "./errors.js";
export { run } from "./main.js";
export type { OutputMode } from "./models/answer.js";
