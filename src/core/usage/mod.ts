/**
 * Sessions at a glance and token usage: what a listing learns from a rollout's head and tail,
 * session states, filters, rate limits, and usage reports by day, month, session, model or
 * folder.
 *
 * @module
 */

export * from "./listing_bytes.ts";
export * from "./rate_limits.ts";
export * from "./rollout_facts.ts";
export * from "./session_filter.ts";
export * from "./session_json.ts";
export * from "./session_summary.ts";
export * from "./time_bound.ts";
export * from "./usage_report.ts";
export * from "./usage_slices.ts";
