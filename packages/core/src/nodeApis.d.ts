// The two Node APIs the on-demand loaders (fine-tuning/mathjs/node.ts, scenario/zod/node.ts) use, declared here because the core compiles without Node's types
// (nothing else in it may use Node). They merge with @types/node where that is loaded.
declare module "node:module" {
  export function createRequire(path: string): (id: string) => unknown;
}
interface ImportMeta {
  readonly url: string;
}
