/**
 * Writes one finished scenario as fixtures: the capture `.jsonl`, its `.md`, `.timing.jsonl`
 * and `.mock-requests.jsonl`, and the rollout file the run left, each with the temporary folder
 * replaced by `/home/demo`.
 */

import { join } from "node:path";
import type { RecordedRequest } from "../../tests/support/mock_responses_server.ts";
import type { CodexExit, CodexRun } from "./codex_run.ts";
import { rawLineKind, rolloutKind } from "./line_kind.ts";
import type { Scenario } from "./scenario.ts";
import { DEMO_ROOT, neutral, type World } from "./world.ts";

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** One finished run of a scenario. */
export interface FinishedRun {
  scenario: Scenario;
  version: string;
  world: World;
  run: CodexRun;
  exit: CodexExit;
  /** The rollout file kept for `scenario.rollout`, when the run left one. */
  rolloutPath: string | null;
}

/** Writes the files of `finished` into `outDir`; returns their names. */
export async function saveRun(finished: FinishedRun, outDir: string): Promise<string[]> {
  const { scenario, world, run } = finished;
  const base = join(outDir, scenario.name);
  const texts = run.lines.map((line) => neutral(decoder.decode(line.bytes), world));
  const kinds = texts.map((text) => rawLineKind(text));
  await Deno.writeTextFile(`${base}.jsonl`, texts.map((line) => line + "\n").join(""));
  await Deno.writeTextFile(
    `${base}.timing.jsonl`,
    run.lines.map((line, index) =>
      JSON.stringify({
        line: index + 1,
        ms: line.ms,
        bytes: encoder.encode(texts[index]).length,
        json: kinds[index]?.json,
        kind: kinds[index]?.kind,
      }) + "\n"
    ).join(""),
  );
  await Deno.writeTextFile(
    `${base}.mock-requests.jsonl`,
    world.mock.requests.map((request) =>
      neutral(JSON.stringify(summariseRequest(request)), world) + "\n"
    ).join(""),
  );
  const size = texts.reduce((sum, line) => sum + encoder.encode(line).length + 1, 0);
  await Deno.writeTextFile(
    `${base}.md`,
    captureMarkdown(finished, { lineCount: texts.length, size, kinds }),
  );
  const names = [".jsonl", ".timing.jsonl", ".mock-requests.jsonl", ".md"]
    .map((ending) => scenario.name + ending);
  if (scenario.rollout && finished.rolloutPath !== null) {
    names.push(...await saveRollout(finished, outDir));
  }
  return names;
}

function captureMarkdown(
  finished: FinishedRun,
  capture: { lineCount: number; size: number; kinds: { kind: string }[] },
): string {
  const { lineCount, size, kinds } = capture;
  const { scenario, world, run, exit, version } = finished;
  const name = scenario.name;
  const commandLine = scenario.args.map(shellWord).join(" ");
  const rolloutNote = scenario.rollout && finished.rolloutPath !== null
    ? `\nRollout file this run left in \`CODEX_HOME/sessions/\`: \`${scenario.rollout.name}.jsonl\` (see its own \`.md\`).\n`
    : "";
  const stdin = run.stdin.length === 0 ? "" : `- Lines written to codex's stdin (ms after spawn):

\`\`\`
${run.stdin.map((line) => neutral(line, world)).join("\n")}
\`\`\`
`;
  return `# ${name} — ${scenario.title} (codex ${version})

Capture file: \`${name}.jsonl\` (${lineCount} lines, ${size} bytes). Per-line arrival times (ms after spawn): \`${name}.timing.jsonl\`.
What codex sent to the mock model server (summarised): \`${name}.mock-requests.jsonl\`.
${rolloutNote}
## What it shows

${scenario.what}

## How it was produced

- Made by \`deno task capture ${version} ${name}\`.
- codex: \`npm install @openai/codex@${version}\`, run as \`codex ${commandLine}\` with stdout and stderr both captured line by line into the capture file (same as \`> ${name}.jsonl 2>&1\`).
- ${scenario.how.replaceAll("{args}", commandLine)}
- Environment: a fresh temporary folder R with \`HOME=R\`, \`CODEX_HOME=R/.codex\`, working dir \`R/project\`, \`MOCK_API_KEY\` set to a dummy value; every occurrence of R in the capture was then replaced by \`${DEMO_ROOT}\`.
- \`CODEX_HOME/config.toml\` (the port is chosen at run time):

\`\`\`toml
${world.configText.trimEnd()}
\`\`\`

- Mock script: ${scenario.mockScript}
${stdin}
- End of run: codex exited (code ${exit.code}, signal ${exit.signal}) ${exit.ms} ms after spawn.

## Line kinds in the capture

${kindTable(kinds.map((kind) => kind.kind))}
`;
}

async function saveRollout(finished: FinishedRun, outDir: string): Promise<string[]> {
  const { scenario, world, version } = finished;
  const rollout = scenario.rollout!;
  const source = finished.rolloutPath!;
  const text = neutral(await Deno.readTextFile(source), world);
  const lines = text.split("\n").filter((line) => line !== "");
  const types = lines.map((line) => rawLineKind(line, rolloutKind).kind);
  const original = neutral(source, world);
  await Deno.writeTextFile(join(outDir, `${rollout.name}.jsonl`), text);
  await Deno.writeTextFile(
    join(outDir, `${rollout.name}.md`),
    `# ${rollout.name} — ${rollout.title} (codex ${version})

Capture file: \`${rollout.name}.jsonl\` (${lines.length} lines, ${
      encoder.encode(text).length
    } bytes).
No \`.timing.jsonl\`: every line carries its own \`timestamp\` (RFC 3339, ms precision).

## How it was produced

The rollout file Codex wrote to \`CODEX_HOME/sessions/YYYY/MM/DD/rollout-<time>-<thread id>.jsonl\` during the run of \`${scenario.name}\` (see \`${scenario.name}.md\`: same mock, same config), copied as it is after Codex exited, with the temporary folder replaced by \`${DEMO_ROOT}\`.
Original name: \`${original.slice(original.indexOf("sessions/"))}\`.

## Line kinds (\`type\`, \`:payload.type\` where it has one)

${kindTable(types)}
`,
  );
  return [`${rollout.name}.jsonl`, `${rollout.name}.md`];
}

function summariseRequest(request: RecordedRequest): Record<string, unknown> {
  return {
    n: request.index,
    method: request.method,
    url: request.path,
    tools: request.tools,
    userTexts: request.userTexts,
    functionOutputs: request.functionOutputs,
  };
}

function kindTable(kinds: string[]): string {
  const counts = new Map<string, number>();
  for (const kind of kinds) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return [
    "| kind | count |",
    "| --- | --- |",
    ...[...counts].map(([kind, count]) => `| ${kind} | ${count} |`),
  ].join("\n");
}

function shellWord(word: string): string {
  return /^[\w./=:-]+$/.test(word) ? word : `"${word}"`;
}
