/**
 * Prices and costs: the dated price table, the config's `pricing` section, and the USD cost
 * of token usage, of a request and of a parsed file.
 *
 * @module
 */

export * from "./analysis_cost.ts";
export * from "./cost.ts";
export * from "./parse_pricing.ts";
export * from "./price_table.ts";
