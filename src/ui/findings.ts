/** Renders stuck findings as text (grouped per request, most severe first) and as JSON objects. */

import { type Finding, type Severity, severityRank, verdictExitCode } from "../core/stuck/mod.ts";
import { type Colors, createColors } from "./colors.ts";
import { shortIdOf } from "../core/request/mod.ts";

/** Options for {@linkcode renderFindings}. */
export interface RenderFindingsOptions {
  /** ANSI colours; no escape codes at all when false. */
  color: boolean;
  /** Evidence text lines shown per finding (default 4). */
  maxTextLines?: number;
}

/** What a finding is called in text output: its kind in words. */
export const KIND_LABELS: Readonly<Record<Finding["kind"], string>> = {
  repeated_command: "repeated command",
  repeated_failure: "repeated failure",
  similar_reasoning: "similar reasoning",
  thinking_without_acting: "thinking without acting",
  retry_storm: "retry storm",
  retries_exhausted: "retries exhausted",
  request_failed: "request failed",
  awaiting_approval: "needs approval",
  silence: "silence",
  long_command: "long command",
  no_response: "no response",
  token_total: "token total",
  token_growth: "token growth",
  cache_hit_low: "cache hits low",
  context_full: "context full",
  rate_limit: "rate limit",
};

/**
 * Findings as text, one block per request in the order of the findings (sort them first with
 * `detectStuck`), each finding with its evidence lines and text and its suggestion. Ends with a
 * newline; a single line says so when there are no findings.
 */
export function renderFindings(
  findings: readonly Finding[],
  options: RenderFindingsOptions,
): string {
  const colors = createColors(options.color);
  const maxTextLines = options.maxTextLines ?? 4;
  if (findings.length === 0) return `${colors.green("no findings: nothing looks stuck")}\n`;
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const group = groups.get(finding.key);
    if (group === undefined) groups.set(finding.key, [finding]);
    else group.push(finding);
  }
  const out: string[] = [];
  for (const [key, group] of groups) {
    const top = group.reduce((best, item) => severityRank(item) < severityRank(best) ? item : best);
    out.push(`${colors.bold(`request ${shortIdOf(key)}`)}: ${paintLabel(colors, top)}`);
    for (const finding of group) {
      const kind = KIND_LABELS[finding.kind];
      // "NEEDS APPROVAL needs approval", "request failed: request failed": say it once.
      const twice = kind === findingLabel(finding).toLowerCase() || finding.reason.startsWith(kind);
      const name = twice ? "" : ` ${colors.bold(kind)}`;
      out.push(`  ${paintLabel(colors, finding)}${name}: ${finding.reason}`);
      if (finding.evidence.lines.length > 0) {
        out.push(`    ${colors.dim(`evidence: ${linesText(finding.evidence.lines)}`)}`);
      }
      const text = finding.evidence.text;
      if (text !== undefined && text !== "" && !finding.reason.includes(text)) {
        const textLines = text.split("\n");
        for (const line of textLines.slice(0, maxTextLines)) {
          out.push(`    ${colors.gray(`| ${line}`)}`);
        }
        if (textLines.length > maxTextLines) {
          out.push(`    ${colors.gray(`| (${textLines.length - maxTextLines} more lines)`)}`);
        }
      }
      out.push(`    ${colors.cyan(`-> ${finding.suggestion}`)}`);
    }
  }
  out.push(verdictLine(findings, colors));
  return `${out.join("\n")}\n`;
}

/** The label of a finding: `STUCK`, `NEEDS APPROVAL`, `WARNING` or `INFO`. */
export function findingLabel(finding: Finding): string {
  if (finding.severity === "stuck") return "STUCK";
  if (finding.kind === "awaiting_approval") return "NEEDS APPROVAL";
  return finding.severity === "warning" ? "WARNING" : "INFO";
}

/** A finding as a `--json` object: `{"type":"finding", kind, severity, key, requestId, ...}`. */
export function findingJson(finding: Finding): Record<string, unknown> {
  return { type: "finding", ...finding };
}

/** The closing line: counts per label and the exit code they give. */
export function verdictLine(
  findings: readonly Finding[],
  colors: Colors = createColors(false),
): string {
  const code = verdictExitCode(findings);
  const stuck = new Set(
    findings.filter((item) => item.severity === "stuck").map((item) => item.key),
  );
  const approval = new Set(
    findings.filter((item) => item.kind === "awaiting_approval").map((item) => item.key),
  );
  const counts: Record<Severity, number> = { stuck: 0, warning: 0, info: 0 };
  // An approval is counted once, as "needing approval", not again as a warning.
  for (const finding of findings) {
    if (finding.kind !== "awaiting_approval") counts[finding.severity]++;
  }
  const parts = [
    `${stuck.size} ${stuck.size === 1 ? "request" : "requests"} stuck`,
    `${approval.size} needing approval`,
    `${counts.warning} ${counts.warning === 1 ? "warning" : "warnings"}`,
    `${counts.info} info`,
  ];
  const text = `verdict: ${parts.join(", ")} (exit ${code})`;
  return code === 3 ? colors.red(text) : code === 4 ? colors.yellow(text) : text;
}

function paintLabel(colors: Colors, finding: Finding): string {
  const label = findingLabel(finding);
  if (finding.severity === "stuck") return colors.bold(colors.red(label));
  if (finding.kind === "awaiting_approval") return colors.bold(colors.yellow(label));
  return finding.severity === "warning" ? colors.yellow(label) : colors.blue(label);
}

/** `line 5`, `lines 5, 8, 11`. */
function linesText(lines: readonly number[]): string {
  if (lines.length === 1) return `line ${lines[0]}`;
  return `lines ${lines.join(", ")}`;
}
