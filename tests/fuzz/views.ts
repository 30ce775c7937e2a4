/**
 * Runs one file through the views of `parse` in this process and lists where they disagree:
 * the plain table, `--summary`, `--json`, `--last`, `--stuck` and the digest must report the
 * same request and line counts, print valid NDJSON, and never throw.
 *
 * @module
 */

import { runCli } from "../support/cli.ts";

/** What the `--json` summary object says. */
interface JsonSummary {
  requests: number;
  lines: Record<string, number>;
  eventCounts: Record<string, number>;
}

/** Every line of `text` as JSON, or a problem naming the first line that is not. */
function ndjson(
  text: string,
  view: string,
): { objects: Record<string, unknown>[]; problem?: string } {
  const objects: Record<string, unknown>[] = [];
  for (const [index, line] of text.split("\n").entries()) {
    if (line === "") continue;
    try {
      const value: unknown = JSON.parse(line);
      if (typeof value !== "object" || value === null || Array.isArray(value)) {
        return { objects, problem: `${view}: line ${index + 1} is no JSON object` };
      }
      objects.push(value as Record<string, unknown>);
    } catch {
      return { objects, problem: `${view}: line ${index + 1} is not JSON: ${line.slice(0, 80)}` };
    }
  }
  return { objects };
}

function summaryOf(objects: Record<string, unknown>[]): JsonSummary | null {
  const summary = objects.findLast((object) => object.type === "summary");
  return summary === undefined ? null : summary as unknown as JsonSummary;
}

const number = (text: string | undefined) => Number((text ?? "NaN").replaceAll(",", ""));

/** Exit code of an input that holds no Codex output at all (empty, text, binary). */
const NO_CODEX_OUTPUT = 7;

/** An input without Codex output must say so in every whole-file view (`--last` reads a part). */
const NO_OUTPUT_VIEWS: [string, string[]][] = [
  ["plain", []],
  ["--summary", ["--summary"]],
  ["--digest", ["--digest"]],
  ["--stuck", ["--stuck", "--json"]],
];

/** The problems found running `path` through every view; empty when all agree. */
export async function viewProblems(path: string): Promise<string[]> {
  const problems: string[] = [];
  let lastCode = 0;
  const run = async (view: string, args: string[], codes: readonly number[] = [0]) => {
    try {
      const result = await runCli(["parse", ...args, path]);
      lastCode = result.code;
      if (!codes.includes(result.code)) problems.push(`${view}: exit code ${result.code}`);
      return result.stdout;
    } catch (error) {
      problems.push(`${view}: threw ${error instanceof Error ? error.stack : error}`);
      return "";
    }
  };
  const json = ndjson(await run("--json", ["--json"], [0, NO_CODEX_OUTPUT]), "--json");
  if (json.problem) problems.push(json.problem);
  if (lastCode === NO_CODEX_OUTPUT) {
    for (const [view, args] of NO_OUTPUT_VIEWS) await run(view, args, [NO_CODEX_OUTPUT]);
    return problems;
  }
  const reference = summaryOf(json.objects);
  if (reference === null) return [...problems, "--json: no summary object"];
  const requestObjects = json.objects.filter((object) => object.type === "request").length;
  if (requestObjects !== reference.requests) {
    problems.push(`--json: ${requestObjects} request objects, summary says ${reference.requests}`);
  }

  const plain = await run("plain", []);
  const plainRequests = number(/^([\d,]+) requests?\b/m.exec(plain)?.[1]);
  if (plainRequests !== reference.requests) {
    problems.push(`plain: ${plainRequests} requests, --json ${reference.requests}`);
  }

  const summary = await run("--summary", ["--summary"]);
  const counts =
    /^Lines: ([\d,]+) \(([\d,]+) JSON, ([\d,]+) non-JSON, ([\d,]+) other JSON, (\d+) incomplete/m
      .exec(summary);
  const lines = reference.lines;
  const expected = [lines.total, lines.json, lines.text, lines.other, lines.incomplete];
  const seen = counts === null ? [] : counts.slice(1).map(number);
  if (JSON.stringify(seen) !== JSON.stringify(expected)) {
    problems.push(`--summary: lines ${seen.join("/")}, --json ${expected.join("/")}`);
  }
  for (const [type, count] of Object.entries(reference.eventCounts)) {
    const shown = new RegExp(`^  ${type.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} +([\\d,]+)$`, "m")
      .exec(summary);
    if (shown === null || number(shown[1]) !== count) {
      problems.push(`--summary: ${type} ${shown?.[1]}, --json ${count}`);
      break;
    }
  }

  const digest = await run("--digest", ["--digest"]);
  const digestRequests = number(/\| (\d+) requests? \|/.exec(digest)?.[1]);
  if (digestRequests !== reference.requests) {
    problems.push(`--digest: ${digestRequests} requests, --json ${reference.requests}`);
  }

  const stuck = ndjson(await run("--stuck", ["--stuck", "--json"], [0, 3, 4]), "--stuck --json");
  if (stuck.problem) problems.push(stuck.problem);
  const stuckSummary = summaryOf(stuck.objects);
  if (stuckSummary?.requests !== reference.requests) {
    problems.push(`--stuck: ${stuckSummary?.requests} requests, --json ${reference.requests}`);
  }

  // --last reads from the end and keeps JSON object lines only: requests and events agree.
  const last = ndjson(await run("--last", ["--last", "1000000", "--json"]), "--last --json");
  if (last.problem) problems.push(last.problem);
  const lastSummary = summaryOf(last.objects);
  if (lastSummary?.requests !== reference.requests) {
    problems.push(`--last: ${lastSummary?.requests} requests, --json ${reference.requests}`);
  }
  const events = (summary: JsonSummary | null | undefined) =>
    summary ? Object.values(summary.eventCounts).reduce((sum, count) => sum + count, 0) : NaN;
  if (events(lastSummary) !== events(reference)) {
    problems.push(`--last: ${events(lastSummary)} events, --json ${events(reference)}`);
  }
  return problems;
}
