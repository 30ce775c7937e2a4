import assert from "node:assert/strict";
import { buildPage, embeddedJson } from "../../../src/core/report_html/page.ts";

Deno.test("embedded data cannot close its script element or break out of it", () => {
  const json = embeddedJson({ text: "</script><script>alert(1)</script>\u2028" });
  assert.doesNotMatch(json, /<\/script/i);
  assert.deepEqual(JSON.parse(json), { text: "</script><script>alert(1)</script>\u2028" });
});

Deno.test("the page escapes its title and loads nothing from elsewhere", () => {
  const html = buildPage({
    title: `a <b>"file"</b>`,
    generatedAt: 0,
    thresholds: { tokenTotalWarning: 1, tokenGrowthWarning: 1, contextFillMaxRatio: 0.9 },
    files: [],
    live: false,
  });
  assert.match(html, /<title>a &#60;b&#62;&#34;file&#34;&#60;\/b&#62;<\/title>/);
  assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
  assert.doesNotMatch(html, /<link\b|<script\s+src|@import|url\(/);
});
