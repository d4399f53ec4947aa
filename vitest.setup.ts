import { afterAll } from "vitest";
import { removeTempDirs } from "./packages/cli/test/tempDirs.js";

afterAll(removeTempDirs);
