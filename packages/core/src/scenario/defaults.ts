/**
 * The built-in default scenario: the quadratic-cost fine-tuning game of "Fine-tuning Games"
 * Figure 4 (k0 = k1 = 2) at the cost ratio c1/c0 = 2, the setting the figure's solutions are
 * plotted across.
 * @see Laufer, Kleinberg, Heidari, "Fine-Tuning Games" (arXiv:2308.04399; docs/theory/fine-tuning-games.md), Section 3.3, Figure 4
 */
export const DEFAULT_SCENARIO = Object.freeze({
  model: "fine-tuning",
  generalist: { cost: { polynomial: { c: 1, k: 2 } }, disagreement: 0 },
  specialists: [{ name: "D", cost: { polynomial: { c: 2, k: 2 } }, revenue: "a", disagreement: 0 }],
});

/** One line describing the default scenario, printed above its result. */
export const DEFAULT_SCENARIO_TITLE =
  "Built-in scenario: Fine-tuning Games, Figure 4 setting — quadratic costs φ0 = 1·α0², φ1 = 2·(α1−α0)², r(α1) = α1, d0 = d1 = 0";
