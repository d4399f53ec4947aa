/**
 * zod for the explorer: the members the core's scenario schemas use, imported by name. The core
 * reads zod through its `#zod` import (packages/core/src/scenario/zod), whose browser version hands
 * out zod's whole `z` namespace, every message locale included (~440 KB minified); the explorer's
 * build points that import here (see ../../vite.config.ts), so the bundle keeps what the schemas
 * build (~100 KB). test/lazyModules.test.ts checks that every `z.<member>` the core's schemas call
 * is here.
 */
import {
  array,
  boolean,
  enum as enum_,
  literal,
  number,
  object,
  record,
  strictObject,
  string,
  tuple,
  union,
} from "zod";

type Zod = typeof import("zod").z;

/** The members of `z` the explorer's bundle carries. */
export const ZOD_MEMBERS = {
  array,
  boolean,
  enum: enum_,
  literal,
  number,
  object,
  record,
  strictObject,
  string,
  tuple,
  union,
};

/** zod's `z`, as far as the core's schemas use it. */
export function zod(): Zod {
  return ZOD_MEMBERS as unknown as Zod;
}
