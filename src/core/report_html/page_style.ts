/** The report page's stylesheet: system fonts only, light and dark schemes, a print layout. */

/** CSS of the report page. */
export const PAGE_STYLE = `
:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1d2430; --muted: #5f6b7a; --line: #d9dee5; --panel: #f5f7fa;
  --accent: #2457c5; --ok: #1a7f37; --bad: #c62828; --warn: #b26a00; --info: #5f6b7a;
  --reasoning: #8250df; --message: #2457c5; --command: #1a7f37; --patch: #0a7c86;
  --approval: #b26a00; --error: #c62828; --retry: #e36209; --running: #2457c5;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0f1318; --fg: #dfe5ec; --muted: #93a0b0; --line: #2b333d; --panel: #171c23;
    --accent: #6ea2ff; --ok: #3fb950; --bad: #ff6b6b; --warn: #e3a33b; --info: #93a0b0;
    --reasoning: #b392f0; --message: #6ea2ff; --command: #3fb950; --patch: #39c5cf;
    --approval: #e3a33b; --error: #ff6b6b; --retry: #ff9f43; --running: #6ea2ff;
  }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
header.top { padding: 16px 24px 8px; border-bottom: 1px solid var(--line); }
h1 { font-size: 20px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; }
h3 { font-size: 15px; margin: 20px 0 6px; }
main { padding: 0 24px 40px; max-width: 1400px; }
.muted { color: var(--muted); }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
pre { white-space: pre-wrap; word-break: break-word; margin: 4px 0; background: var(--panel);
  padding: 6px 8px; border-radius: 4px; max-height: 360px; overflow: auto; }
.controls { position: sticky; top: 0; z-index: 5; background: var(--bg); padding: 8px 24px;
  border-bottom: 1px solid var(--line); display: flex; gap: 12px; flex-wrap: wrap; align-items: center; }
.controls input, .controls select { font: inherit; padding: 4px 8px; color: var(--fg);
  background: var(--panel); border: 1px solid var(--line); border-radius: 4px; }
.controls input { min-width: 260px; }
.cards { display: flex; flex-wrap: wrap; gap: 10px; margin: 10px 0; }
.card { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; min-width: 130px; }
.card .value { font-size: 18px; font-weight: 600; }
.card .label { color: var(--muted); font-size: 12px; }
.notes { color: var(--warn); margin: 6px 0; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 600; position: sticky; top: 44px; background: var(--bg); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.state { display: inline-block; padding: 0 6px; border-radius: 10px; font-size: 12px; font-weight: 600;
  border: 1px solid currentColor; white-space: nowrap; }
.state-completed { color: var(--ok); } .state-failed, .state-no_response { color: var(--bad); }
.state-cancelled { color: var(--muted); } .state-running { color: var(--running); }
.state-awaiting_approval { color: var(--warn); }
.sev-stuck { color: var(--bad); font-weight: 600; } .sev-warning { color: var(--warn); } .sev-info { color: var(--info); }
.chart-row { display: grid; grid-template-columns: repeat(auto-fit, minmax(360px, 1fr)); gap: 14px; }
figure { margin: 0; background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 8px; }
figcaption { font-size: 12px; color: var(--muted); margin-bottom: 4px; }
svg { display: block; width: 100%; height: auto; }
svg text { fill: var(--muted); font-size: 10px; font-family: system-ui, sans-serif; }
svg .grid { stroke: var(--line); stroke-width: 1; }
svg .threshold { stroke: var(--bad); stroke-dasharray: 5 4; stroke-width: 1.2; }
svg .series { fill: none; stroke-width: 1.6; }
.timeline-wrap { overflow-x: auto; background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 6px; }
.lane-label { fill: var(--fg); font-family: ui-monospace, monospace; }
.span-reasoning { fill: var(--reasoning); } .span-message { fill: var(--message); }
.span-command-ok { fill: var(--ok); } .span-command-bad { fill: var(--bad); } .span-command-open { fill: var(--muted); }
.span-patch { fill: var(--patch); } .span-approval { fill: var(--approval); }
.span-error { fill: var(--error); } .span-retry { fill: var(--retry); }
.legend { display: flex; gap: 12px; flex-wrap: wrap; font-size: 12px; color: var(--muted); margin: 4px 0; }
.legend i { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px; vertical-align: -1px; }
details.request { border: 1px solid var(--line); border-radius: 6px; margin: 8px 0; background: var(--bg); }
details.request > summary { cursor: pointer; padding: 6px 10px; background: var(--panel); border-radius: 6px;
  display: flex; gap: 10px; flex-wrap: wrap; align-items: center; }
details.request[open] > summary { border-bottom: 1px solid var(--line); border-radius: 6px 6px 0 0; }
.request-body { padding: 6px 12px 10px; }
.item { border-left: 3px solid var(--line); padding: 2px 0 2px 10px; margin: 8px 0; }
.head { display: flex; gap: 8px; flex-wrap: wrap; align-items: baseline; font-size: 12.5px; }
.kind { font-weight: 600; text-transform: uppercase; font-size: 11px; letter-spacing: .04em; }
.item-reasoning { border-color: var(--reasoning); } .item-message { border-color: var(--message); }
.item-command { border-color: var(--command); } .item-command.failed { border-color: var(--bad); }
.item-patch { border-color: var(--patch); } .item-approval { border-color: var(--approval); }
.item-error { border-color: var(--error); } .item-retry { border-color: var(--retry); }
.finding { border: 1px solid var(--line); border-left: 4px solid var(--warn); border-radius: 4px;
  padding: 4px 8px; margin: 6px 0; background: var(--panel); font-size: 13px; }
.finding.finding-stuck { border-left-color: var(--bad); } .finding.finding-info { border-left-color: var(--info); }
.finding .suggestion { color: var(--muted); }
.flag { font-size: 11.5px; padding: 0 5px; border-radius: 3px; background: var(--panel); border: 1px solid currentColor; }
.final { border-left: 3px solid var(--ok); padding-left: 10px; }
.prompt { border-left: 3px solid var(--fg); padding-left: 10px; margin: 8px 0; }
.prompt-missing { font-size: 12px; margin: 6px 0; }
a { color: var(--accent); }
.clip { font-size: 11.5px; color: var(--muted); }
[hidden] { display: none !important; }
@media print {
  .controls { display: none; }
  th { position: static; }
  pre { max-height: none; overflow: visible; }
  details.request { break-inside: avoid-page; }
  body { font-size: 11px; }
  .timeline-wrap { overflow: visible; }
}
`;
