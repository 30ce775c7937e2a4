/**
 * What a capture scenario is: data (what the mock answers, how Codex is run, what the `.md`
 * says) plus the driver steps for the servers that read stdin. No scenario names a Codex
 * version or a model: the same table runs on every release of its surface.
 */

import type { MockResponder } from "../../tests/support/mock_responses_server.ts";
import type { CodexRun } from "./codex_run.ts";
import type { World } from "./world.ts";

/** The output surfaces a Codex release can have; rollout files come with app-server and exec. */
export type Surface = "mcp-server" | "app-server" | "exec-json" | "rollout";

/** One capture scenario. */
export interface Scenario {
  name: string;
  surface: Exclude<Surface, "rollout">;
  title: string;
  /** What the capture shows (the `.md` section). */
  what: string;
  /** How the driver ran it; `{args}` is replaced by the Codex command line. */
  how: string;
  /** What the mock answered, in words. */
  mockScript: string;
  respond: MockResponder;
  /** `request_max_retries` and `stream_max_retries` (to keep failing runs short). */
  retries?: number;
  /** Arguments of `codex`; `{project}` is replaced by the project folder. */
  args: string[];
  /** True when the driver writes to Codex's stdin. */
  stdin: boolean;
  /** Drives Codex once it runs (stdin scenarios); returns when stdin may close. */
  drive?: (run: CodexRun, world: World) => Promise<void>;
  /** How long Codex may take to exit once stdin is closed. */
  exitGraceMs: number;
  /** Codex keeps waiting after stdin closes (an unanswered approval): SIGTERM it after the grace. */
  terminate?: boolean;
  /** Keep the rollout file this run leaves, under this name. */
  rollout?: { name: string; title: string };
}
