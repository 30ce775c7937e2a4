/** The cost of a parsed file: per request and in total. */

import { requestTotals } from "../request/mod.ts";
import type { Analysis, RequestRecord } from "../model/mod.ts";
import { costFor } from "./cost.ts";
import type { PriceTable } from "./price_table.ts";

/** A request's own cost (its share of the thread's tokens at its model), or `null` when unknown. */
export function requestCost(request: RequestRecord, prices: PriceTable): number | null {
  return request.tokens === null ? null : costFor(request.tokens, request.model, prices);
}

/**
 * The whole file's cost: its token totals at the one model all requests used, else the sum
 * of the request costs. `null` when any part is unpriced, or when the analysis left requests
 * out and they may have used other models.
 */
export function analysisCost(analysis: Analysis, prices: PriceTable): number | null {
  const models = new Set(analysis.requests.map((request) => request.model));
  const totals = analysis.totals ?? requestTotals(analysis.requests);
  if (totals.tokens.total === 0) return null;
  const only = models.size === 1 ? [...models][0] ?? null : null;
  if (only !== null) return costFor(totals.tokens, only, prices);
  if (analysis.omittedRequests !== undefined && analysis.omittedRequests.count > 0) return null;
  let sum = 0;
  for (const request of analysis.requests) {
    if (request.tokens === null || request.tokens.total === 0) continue;
    const cost = requestCost(request, prices);
    if (cost === null) return null;
    sum += cost;
  }
  return sum;
}
