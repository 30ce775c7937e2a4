/**
 * The HTML report of `codexmon report`, pure: request records in, page data and HTML out.
 *
 * @module
 */

export { type CollectorOptions, type FileFacts, fileFacts, ReportCollector } from "./collector.ts";
export type * from "./model.ts";
export { applyLineTimes, linesNeeded } from "./line_times.ts";
export { buildPage, embeddedJson } from "./page.ts";
export { type ClipLimits, ROOMY_CLIPS, TIGHT_CLIPS } from "./request_view.ts";
