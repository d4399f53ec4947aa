/**
 * @ftg/ml — real learners for the collaboration schemes (Werner et al., Section 5): IDX parsing,
 * Fashion-MNIST firm data sets, logistic regression and a LeNet-5-style network in typed-array
 * kernels, SGD, and `Learner` adapters. Pure: no I/O, no clock, no `Math.random` (seeded
 * generators only); files are read by the node-only entry `@ftg/ml/node`.
 */
export * from "./dataset.js";
export * from "./experiment.js";
export * from "./firms.js";
export * from "./idx.js";
export * from "./learner.js";
export * from "./models/classifier.js";
export { createLeNet5, type LeNet5Options } from "./models/lenet5.js";
export * from "./models/logistic.js";
export * from "./paper.js";
export * from "./prepare.js";
export * from "./rng.js";
export * from "./train.js";
