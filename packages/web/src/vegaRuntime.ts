/**
 * The part of Vega the explorer runs on the page: the parser, the view and the transforms that
 * compiled Vega-Lite line, point, rule, text, area and rect charts use. The "vega" package
 * registers every transform it has (geography, hierarchies, force layouts, word clouds, labels,
 * Voronoi, cross-filtering), ~120 KB the explorer's figures never use; compiling Vega-Lite happens
 * in a worker (./figureWorker.ts). A specification that needed another transform would fail to
 * parse with Vega's "Unrecognized transform type" (the e2e tests draw every figure).
 */
import type { parse as ParseFn, View as ViewClass } from "vega";
import { transforms } from "vega-dataflow";
import * as encode from "vega-encode";
import { parse as vegaParse } from "vega-parser";
import * as tx from "vega-transforms";
import { View as VegaView } from "vega-view";
import * as vtx from "vega-view-transforms";

Object.assign(transforms, tx, vtx, encode);

/** Vega's `parse` (a Vega specification to a runtime dataflow description). */
export const parse = vegaParse as typeof ParseFn;
/** Vega's `View`. */
export const View = VegaView as typeof ViewClass;
export type View = ViewClass;
