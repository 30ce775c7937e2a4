/** The report page: one self-contained HTML file (inline style, script and data; no network). */

import type { ReportData } from "./model.ts";
import { PAGE_SCRIPT } from "./page_script.ts";
import { PAGE_STYLE } from "./page_style.ts";

/** `text` safe inside HTML text and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** `data` as JSON that cannot end its `<script>` element early. */
export function embeddedJson(data: unknown): string {
  return JSON.stringify(data).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(
    /\u2029/g,
    "\\u2029",
  );
}

/** The whole page for `data`. */
export function buildPage(data: ReportData): string {
  const title = escapeHtml(data.title);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; connect-src 'self'">
<meta name="generator" content="codexmon report">
<title>${title}</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<header class="top"><h1>${title}</h1></header>
<div class="controls" role="search">
<input id="filter-text" type="search" placeholder="Filter: text in commands, messages, reasoning…" aria-label="filter text">
<select id="filter-kind" aria-label="entry kind"><option value="">all kinds</option></select>
<select id="filter-state" aria-label="state"><option value="">all states</option></select>
<span id="filter-count" class="muted"></span>
</div>
<main id="report"><noscript>This report needs JavaScript to draw its tables and charts.</noscript></main>
<script type="application/json" id="report-data">${embeddedJson(data)}</script>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}
