/**
 * Repeated command: the same argv run again and again in one request, and the same argv
 * failing again and again.
 */

import type { CommandRecord, RequestRecord } from "../model/mod.ts";
import { commandText, evidenceLines, excerpt } from "./_format.ts";
import type { DetectContext, Finding, Severity } from "./types.ts";

/** Suggestion of a `repeated_command` finding. */
export const REPEATED_COMMAND_SUGGESTION =
  "The model is looping: stop the request, then reply on the thread with what the command's output means or a different approach";

/** Suggestion of a `repeated_failure` finding. */
export const REPEATED_FAILURE_SUGGESTION =
  "The same command keeps failing: check its output below, fix the cause (missing tool, path, permission) or tell the model to stop retrying it";

/**
 * Finds argv repeated in one request. Runs count when they are consecutive (any length) or when
 * they fall within `repeatedCommandWindow` consecutive commands; a successful patch between two
 * runs starts the count again (re-running tests after an edit is progress, not a loop).
 * Failures (exit code other than 0) of one argv count anywhere between two successful patches,
 * however far apart. For each argv at most one finding: the failure finding when it is
 * at least as severe. Evidence lines are begin lines for runs and end lines for failures.
 */
export function detectRepeatedCommand(request: RequestRecord, context: DetectContext): Finding[] {
  const thresholds = context.thresholds;
  // Too few commands for any argv to reach a threshold: nothing to build (most requests).
  if (
    request.commands.length <
      Math.min(thresholds.repeatedCommandWarning, thresholds.repeatedFailureWarning)
  ) {
    return [];
  }
  const commands = [...request.commands].sort((a, b) => a.beginLine - b.beginLine);
  const patchLines = request.patches
    .filter((patch) => patch.success === true)
    .map((patch) => patch.beginLine)
    .sort((a, b) => a - b);
  const byArgv = new Map<
    string,
    { argv: string[]; positions: number[]; records: CommandRecord[]; epochs: number[] }
  >();
  let patchIndex = 0;
  let epoch = 0;
  commands.forEach((command, position) => {
    while (patchIndex < patchLines.length && (patchLines[patchIndex] ?? 0) < command.beginLine) {
      patchIndex++;
      epoch++;
    }
    const id = JSON.stringify(command.command);
    let group = byArgv.get(id);
    if (group === undefined) {
      group = { argv: command.command, positions: [], records: [], epochs: [] };
      byArgv.set(id, group);
    }
    // A patch opens a gap wider than any window, so runs on either side never count together.
    group.positions.push(position + epoch * (commands.length + thresholds.repeatedCommandWindow));
    group.records.push(command);
    group.epochs.push(epoch);
  });
  const findings: Finding[] = [];
  for (const group of byArgv.values()) {
    const repeat = repeatScore(group.positions, thresholds.repeatedCommandWindow);
    const repeatSeverity = level(
      repeat.score,
      thresholds.repeatedCommandWarning,
      thresholds.repeatedCommandStuck,
    );
    const failures = mostFailures(group.records, group.epochs);
    const failureSeverity = level(
      failures.length,
      thresholds.repeatedFailureWarning,
      thresholds.repeatedFailureStuck,
    );
    const text = commandText(group.argv);
    if (failureSeverity !== null && rank(failureSeverity) >= rank(repeatSeverity)) {
      const last = failures[failures.length - 1];
      const tail = last ? lastOutputLine(last.output) : "";
      findings.push({
        kind: "repeated_failure",
        severity: failureSeverity,
        key: request.key,
        requestId: request.requestId,
        reason: `same command failed ${failures.length} times: ${excerpt(text, 120)}`,
        evidence: {
          lines: evidenceLines(failures.map((record) => record.endLine ?? record.beginLine)),
          text: `${text}\n-> exit ${last?.exitCode ?? "?"}${tail === "" ? "" : `: ${tail}`}`,
        },
        suggestion: REPEATED_FAILURE_SUGGESTION,
      });
    } else if (repeatSeverity !== null) {
      const total = group.records.length;
      const how = repeat.inARow ? "in a row" : `within ${repeat.span} commands`;
      const all = total > repeat.score ? ` (${total} in all)` : "";
      findings.push({
        kind: "repeated_command",
        severity: repeatSeverity,
        key: request.key,
        requestId: request.requestId,
        reason: `same command ran ${repeat.score} times ${how}${all}: ${excerpt(text, 120)}`,
        evidence: {
          lines: evidenceLines(repeat.indexes.map((index) => group.records[index]?.beginLine ?? 0)),
          text,
        },
        suggestion: REPEATED_COMMAND_SUGGESTION,
      });
    }
  }
  return findings;
}

interface RepeatScore {
  /** The most runs counted together. */
  score: number;
  /** True when those runs were consecutive commands. */
  inARow: boolean;
  /** How many commands the counted runs span (first to last, inclusive). */
  span: number;
  /** Indexes (into the group's records) of the counted runs. */
  indexes: number[];
}

/**
 * The best of: the longest consecutive run, and the most positions within `window`
 * consecutive commands. `positions` are ascending command indexes (patches add a gap).
 */
function repeatScore(positions: readonly number[], window: number): RepeatScore {
  let best: RepeatScore = { score: 0, inARow: false, span: 0, indexes: [] };
  let runStart = 0;
  let start = 0;
  for (let end = 0; end < positions.length; end++) {
    const position = positions[end] ?? 0;
    if (end > 0 && position !== (positions[end - 1] ?? 0) + 1) runStart = end;
    const run = end - runStart + 1;
    if (run > best.score || (run === best.score && !best.inARow)) {
      best = { score: run, inARow: true, span: run, indexes: range(runStart, end) };
    }
    while (position - (positions[start] ?? 0) >= window) start++;
    const count = end - start + 1;
    if (count > best.score) {
      const span = position - (positions[start] ?? 0) + 1;
      best = { score: count, inARow: span === count, span, indexes: range(start, end) };
    }
  }
  return best;
}

/** The failed runs (exit code set and not 0) of the patch epoch with the most of them. */
function mostFailures(
  records: readonly CommandRecord[],
  epochs: readonly number[],
): CommandRecord[] {
  const byEpoch = new Map<number, CommandRecord[]>();
  records.forEach((record, index) => {
    if (record.exitCode === null || record.exitCode === 0) return;
    const epoch = epochs[index] ?? 0;
    const list = byEpoch.get(epoch);
    if (list === undefined) byEpoch.set(epoch, [record]);
    else list.push(record);
  });
  let best: CommandRecord[] = [];
  for (const list of byEpoch.values()) if (list.length > best.length) best = list;
  return best;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, index) => from + index);
}

function level(count: number, warning: number, stuck: number): Severity | null {
  if (count >= stuck) return "stuck";
  if (count >= warning) return "warning";
  return null;
}

function rank(severity: Severity | null): number {
  return severity === "stuck" ? 2 : severity === "warning" ? 1 : 0;
}

function lastOutputLine(output: string): string {
  const lines = output.split("\n").map((line) => line.trim()).filter((line) => line !== "");
  return excerpt(lines[lines.length - 1] ?? "", 160);
}
