/** Style sheets imported for their side effect (Vite bundles them). */
declare module "*.css";
/** mathjs's prebuilt single-file bundle (an official export of the package): the same API as "mathjs". */
declare module "mathjs/lib/browser/math.js" {
  const math: typeof import("mathjs");
  export default math;
}
/** Vega's parts, imported one by one (./vegaRuntime.ts); their types are the "vega" package's. */
declare module "vega-dataflow" {
  export const transforms: Record<string, unknown>;
}
declare module "vega-encode";
declare module "vega-parser";
declare module "vega-transforms";
declare module "vega-view";
declare module "vega-view-transforms";
