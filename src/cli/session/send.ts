/** `codexmon session send`. */

import type { Command } from "@commander-js/extra-typings";
import { UsageError } from "../../core/errors.ts";
import { requestKey } from "../../core/model/mod.ts";
import { DEFAULT_SESSION_NAME, parseConfigPairs, sendPrompt, sendRaw } from "../../session/mod.ts";
import { positiveSeconds } from "../options.ts";
import type { CliContext } from "../context.ts";
import { collect, pathsOf, resolvePath, sessionConfig, STATE_DIR_HELP } from "./_shared.ts";
import { waitAndReport } from "./_wait_report.ts";

/** Registers `codexmon session send` on `session`. */
export function registerSend(session: Command, context: CliContext): void {
  session.command("send")
    .description("send a prompt (a new Codex thread); prints the request id")
    .argument("[prompt]", "the prompt (omit with --raw)")
    .option("--cwd <dir>", "working directory of the thread")
    .option("--model <model>", "model")
    .option(
      "--approval-policy <policy>",
      "untrusted, on-failure, on-request or never (0.153: on-request, never)",
    )
    .option("--sandbox <mode>", "read-only, workspace-write or danger-full-access")
    .option("--profile <name>", "Codex config profile")
    .option("--config <key=value>", "Codex config override (repeatable)", collect, [] as string[])
    .option("--raw <json>", "append this JSON-RPC message instead (validated, one line)")
    .option("--wait", "wait for the answer (like session wait)")
    .option("--timeout <seconds>", "with --wait: give up after this long (exit 5)", positiveSeconds)
    .option("--state-dir <dir>", STATE_DIR_HELP)
    .option("--name <name>", "session name", DEFAULT_SESSION_NAME)
    .action(async (prompt, flags) => {
      const paths = pathsOf(flags, context);
      if (flags.raw !== undefined) {
        if (prompt !== undefined) throw new UsageError("Cannot combine a prompt with --raw");
        const id = await sendRaw(paths, flags.raw);
        if (id !== null) context.stdout.line(requestKey(id));
        if (flags.wait && id !== null) await waitAndReport(paths, id, flags.timeout, context);
        return;
      }
      if (prompt === undefined) {
        throw new UsageError("Missing the prompt: codexmon session send PROMPT");
      }
      const config = await sessionConfig(context);
      const defaults = config.session;
      const overrides = { ...(defaults.config ?? {}), ...parseConfigPairs(flags.config) };
      const cwd = flags.cwd ?? defaults.cwd;
      const id = await sendPrompt(paths, {
        prompt,
        cwd: cwd === undefined ? undefined : resolvePath(cwd),
        model: flags.model ?? defaults.model,
        approvalPolicy: flags.approvalPolicy ?? defaults.approvalPolicy,
        sandbox: flags.sandbox ?? defaults.sandbox,
        profile: flags.profile ?? defaults.profile,
        config: overrides,
      });
      context.stdout.line(String(id));
      if (flags.wait) await waitAndReport(paths, id, flags.timeout, context);
    });
}
