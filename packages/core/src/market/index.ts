/** The vertically differentiated market of "Defection-Free Collaboration between Competitors". */
export * from "./bestResponse.js";
export * from "./certificate.js";
export * from "./choice.js";
export * from "./consumers.js";
export * from "./duopoly.js";
export * from "./envelopeChoice.js";
export * from "./equilibrium.js";
export * from "./newton.js";
export * from "./paperFormulas.js";
export * from "./referenceCertificate.js";
export * from "./tolerances.js";
