/** The scenarios of the `codex exec --json` surface (one JSON event a line on stdout). */

import { shellThenMessage } from "./mock_answers.ts";
import type { Scenario } from "./scenario.ts";

const EXEC = ["exec", "--json", "--skip-git-repo-check", "-s", "danger-full-access"];
const HOW = "`codex {args}` with stdin closed (`</dev/null`), stdout and stderr into the capture.";

/** Every scenario of the exec surface. */
export const EXEC_SCENARIOS: readonly Scenario[] = [
  {
    name: "exec-shell",
    surface: "exec-json",
    title: "codex exec --json: reasoning, a failing shell command and a message",
    what:
      "`codex exec --json` prints one JSON event per line on stdout: `thread.started`, `turn.started`, `item.started`/`item.completed` (reasoning, command_execution, agent_message), `turn.completed` with the usage of the whole turn. stderr (text lines) is in the same file. The command exits 2 (`ls does-not-exist`).",
    how: HOW,
    mockScript:
      "request 1: reasoning `Plan: run echo` + `exec_command` `echo hi; ls does-not-exist` (2400 in / 90 out / 40 reasoning); request 2: message `The shell said: hi` (2750 in, 2048 cached, 95 out, 40 reasoning).",
    respond: (request) =>
      shellThenMessage(request, {
        reasoning: "Plan: run echo",
        command: "echo hi; ls does-not-exist",
      }),
    args: [...EXEC, "Say hi with the shell."],
    stdin: false,
    exitGraceMs: 60_000,
    rollout: { name: "rollout-exec-shell", title: "the rollout file of exec-shell" },
  },
  {
    name: "exec-http-500",
    surface: "exec-json",
    title: "codex exec --json: the model endpoint answers HTTP 500; retries, then turn.failed",
    what:
      "Every model request gets HTTP 500: `error` events for the retries, then `turn.failed` with the error; codex exits 1.",
    how: `${HOW} Provider \`request_max_retries = 1\`, \`stream_max_retries = 1\`.`,
    mockScript: "every request: HTTP 500.",
    respond: () => ({ kind: "http_error", status: 500 }),
    retries: 1,
    args: [...EXEC, "Hello?"],
    stdin: false,
    exitGraceMs: 120_000,
    rollout: { name: "rollout-http-500", title: "the rollout file of exec-http-500" },
  },
];
