/**
 * @ftg/core — pure solvers for the economics of general-purpose AI. No I/O, no clock, no
 * randomness (generators are injected), no console: warnings are data in results.
 *
 * The public API, name by name: what the command line, the explorer, the ml package, the docs
 * and the benchmarks use, and what a user needs to solve, check and draw a scenario or to add a
 * model (docs/architecture.md). Everything else is internal and may change without notice.
 */

export { dominates } from "./bargaining/dominance.js";
export type { BargainingProblem, SolutionId } from "./bargaining/problem.js";
export { solutionEntries, solutionList } from "./bargaining/problem.js";
export type { BargainingOptions, BargainingResult } from "./bargaining/solve.js";
export { solveBargaining } from "./bargaining/solve.js";
export type { Learner } from "./collaboration/learner.js";
export { analyticLearner } from "./collaboration/learner.js";
export type { FirmId, Roles } from "./collaboration/nashTarget.js";
export { nashTarget, rolesByQuality, signedNashProduct } from "./collaboration/nashTarget.js";
export type { NFirmRound, NFirmRun } from "./collaboration/nFirm.js";
export { runNFirmProtocol } from "./collaboration/nFirm.js";
export type { RoundRecord, Scheme, SchemeOptions, SchemeRun } from "./collaboration/schemes.js";
export { runScheme, SCHEMES, schemeVerdict } from "./collaboration/schemes.js";
export { bTilde, thresholdBAsPrinted } from "./collaboration/threshold.js";
export { AnswerError, readFineTuningAnswer } from "./fine-tuning/answer.js";
export { certifyEquilibrium } from "./fine-tuning/certificate.js";
export type { CheckResult } from "./fine-tuning/check.js";
export { checkFineTuningAnswer } from "./fine-tuning/check.js";
export type { CheckKind, CheckTolerances } from "./fine-tuning/checkTypes.js";
export { EXACT_CHECK_TOLERANCES } from "./fine-tuning/checkTypes.js";
export {
  corollary31,
  egalitarianQuadratic,
  theorem31,
  verticalMonopolyQuadratic,
} from "./fine-tuning/closedForm.js";
export { equilibrium } from "./fine-tuning/equilibrium.js";
export { equilibriumNumeric, generalistUtilityNumeric } from "./fine-tuning/equilibriumNumeric.js";
export type { PolynomialChoice } from "./fine-tuning/equilibriumPolynomial.js";
export { equilibriumAtChoice, polynomialChoice } from "./fine-tuning/equilibriumPolynomial.js";
export {
  generalistCostExpr,
  linearRevenue,
  polyCost0,
  polyCost1,
  revenueExpr,
  specialistCostExpr,
} from "./fine-tuning/families.js";
export { ExpressionError, expression1, expression2 } from "./fine-tuning/functions.js";
export type { FineTuningGame, Regime } from "./fine-tuning/model.js";
export { UnboundedUtilityError } from "./fine-tuning/model.js";
export type { Equilibrium } from "./fine-tuning/outcome.js";
export { assemble, generalistValue } from "./fine-tuning/outcome.js";
export { fixedVsCoefficient, fixedVsMarginal, regimeMap } from "./fine-tuning/regimeMap.js";
export { specialistResponseNumeric } from "./fine-tuning/responses.js";
export type {
  EquilibriumReport,
  FineTuningMethod,
  FineTuningOptions,
  FineTuningResult,
  FineTuningSolution,
} from "./fine-tuning/solve.js";
export {
  bargainingGrid,
  EXACT_GRID_SIZE,
  equilibriumAt,
  fineTuningMethod,
  NUMERIC_GRID_SIZE,
  solveFineTuning,
} from "./fine-tuning/solve.js";
export type { InputIssue } from "./inputError.js";
export { InputError } from "./inputError.js";
export type {
  AssembleCertificateOptions,
  DeviationGainsOptions,
  DeviationGainsSetup,
  PriceCertificate,
} from "./market/certificate.js";
export {
  assemblePriceCertificate,
  certifyPricesFast,
  deviationGainsFor,
  deviationGainsSetup,
  marketDeviationGains,
} from "./market/certificate.js";
export type { ConsumerDistribution } from "./market/consumers.js";
export { piecewiseLinearConsumers, uniformConsumers } from "./market/consumers.js";
export type { Market, MarketEquilibrium, MarketEquilibriumOptions } from "./market/equilibrium.js";
export { certifyPrices, marketEquilibrium, marketRevenues } from "./market/equilibrium.js";
export { lemma7AsPrinted } from "./market/paperFormulas.js";
export { loadModel, loadModels, MODEL_SUMMARIES, type ModelId, modelIn } from "./models/catalog.js";
export type { CollaborationGame } from "./models/collaboration.js";
export { collaborationModel } from "./models/collaboration.js";
export type { CollaborationModelResult } from "./models/collaborationText.js";
export type { FineTuningModelResult } from "./models/fineTuning.js";
export { fineTuningModel } from "./models/fineTuning.js";
export { formatNumber, jsonSweepRow } from "./models/format.js";
export type { MarketGame, MarketModelResult } from "./models/market.js";
export { marketGamePrices, marketModel } from "./models/market.js";
export type { OpennessModelResult } from "./models/openness.js";
export { opennessModel } from "./models/openness.js";
export {
  landscapeJson,
  landscapeTable,
  thresholdBandJson,
  thresholdBandTable,
} from "./models/opennessLandscape.js";
export { MODELS, modelFor } from "./models/registry.js";
export type {
  AnswerChecker,
  AnyModel,
  Cell,
  MarketDeviationGains,
  ModelDefinition,
  ModelFigureOptions,
  ModelResult,
  ModelSolveOptions,
  Report,
  SolveProgress,
  Table,
} from "./models/types.js";
export { brentRoot } from "./numerics/brentRoot.js";
export { maximizeByFoc } from "./numerics/focMax.js";
export { seeded } from "./numerics/seeded.js";
export type { Tolerances } from "./numerics/tolerances.js";
export { DEFAULT_TOLERANCES } from "./numerics/tolerances.js";
export type { OpennessEquilibrium, OpennessOptions, OpennessSolution } from "./openness/equilibrium.js";
export { solveOpenness } from "./openness/equilibrium.js";
export type { RegulatoryLandscape, RegulatoryLandscapeOptions, ThresholdBand } from "./openness/landscape.js";
export {
  evenGrid,
  indifferenceCurve,
  landscapeArrays,
  RELEASE_DECISIONS,
  regulatoryLandscape,
  thresholdBand,
} from "./openness/landscape.js";
export type { OpennessModel } from "./openness/model.js";
export { resolveOpennessGame } from "./openness/model.js";
export type { ProgressiveLandscapeOptions } from "./openness/progressiveLandscape.js";
export { progressiveLandscape } from "./openness/progressiveLandscape.js";
export { REGULATORY_REGIONS } from "./openness/regions.js";
export { ReleaseSolver } from "./openness/release.js";
export type { RecordedRun } from "./plots/collaborationRuns.js";
export { recordedRunsSpec } from "./plots/collaborationRuns.js";
export type { CrowdCurvesData, CurveSamples } from "./plots/crowdCurves.js";
export {
  CROWD_POINTS,
  crowdCurvesData,
  crowdCurvesDataFromSamples,
  crowdCurvesSpec,
  crowdMarks,
  crowdSamples,
  curveSamples,
  SPECIALIST_LINES_UP_TO,
} from "./plots/crowdCurves.js";
export { heatmapSpec } from "./plots/heatmap.js";
export { lineChartSpec } from "./plots/lineChart.js";
export { curveGrid } from "./plots/overDelta.js";
export { REGION_COLORS } from "./plots/regionMap.js";
export type { Row, VegaLiteSpec } from "./plots/spec.js";
export { panels } from "./plots/spec.js";
export type { UtilityCurvesData } from "./plots/utilityCurves.js";
export { utilityCurvesData, utilityCurvesSpec } from "./plots/utilityCurves.js";
export { trajectorySpec } from "./reproduction/collaborationLearning.js";
export type { Figure, FigureCheck, FigureDefinition, FigureOptions, PaperId } from "./reproduction/figure.js";
export { claimCheck, show } from "./reproduction/figure.js";
export { quadraticGame } from "./reproduction/fineTuning.js";
export { FIGURES } from "./reproduction/index.js";
export type { CollaborationScenario } from "./scenario/collaboration.js";
export { collaborationScenarioSchema, learnersFromScenario } from "./scenario/collaboration.js";
export { DEFAULT_SCENARIO, DEFAULT_SCENARIO_TITLE } from "./scenario/defaults.js";
export type { FineTuningScenario } from "./scenario/fineTuning.js";
export {
  fineTuningGameFromScenario,
  fineTuningScenarioSchema,
  ScenarioError,
} from "./scenario/fineTuning.js";
export type { FieldIssue, Parsed } from "./scenario/issues.js";
export { describeValue, parseInput, validateWith } from "./scenario/issues.js";
export { bracketDepth, LIMITS, valueDepth } from "./scenario/limits.js";
export type { MarketScenario } from "./scenario/market.js";
export { consumersFromSpec, marketScenarioSchema } from "./scenario/market.js";
export type { OpennessScenario } from "./scenario/openness.js";
export {
  OPENNESS_BARGAINING_SOLUTIONS,
  opennessModelFromScenario,
  opennessScenarioSchema,
} from "./scenario/openness.js";
