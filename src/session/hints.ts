/**
 * Errors whose fix is another session command. The command is kept apart from the message, so
 * each front end names its own: the CLI `codexmon session start --name x`, the MCP server its
 * `codex_start` tool.
 */

import { CodexmonError } from "../core/errors.ts";
import type { ExitCode } from "../core/exit_codes.ts";

/** The session command that fixes an error. */
export interface SessionHint {
  command: "start" | "stop";
  /** The session name. */
  session: string;
}

/** Spells `hint` as a command of one front end. */
export type HintSpeller = (hint: SessionHint) => string;

/** The CLI spelling: `codexmon session start --name x`. */
export function cliHintCommand(hint: SessionHint): string {
  return `codexmon session ${hint.command} --name ${hint.session}`;
}

/** The hint as it ends a message: ` (start it with: COMMAND)`, `; stop it first with: COMMAND`. */
export function hintText(hint: SessionHint, spell: HintSpeller): string {
  switch (hint.command) {
    case "start":
      return ` (start it with: ${spell(hint)})`;
    case "stop":
      return `; stop it first with: ${spell(hint)}`;
    default: {
      const unknown: never = hint.command;
      throw new TypeError(`Unknown session command: ${String(unknown)}`);
    }
  }
}

/** An error that ends with a hint; its message spells the hint for the CLI. */
export class SessionHintError extends CodexmonError {
  /** The message without the hint. */
  readonly reason: string;
  readonly hint: SessionHint;

  constructor(
    reason: string,
    hint: SessionHint,
    options: { exitCode?: ExitCode; cause?: unknown } = {},
  ) {
    super(`${reason}${hintText(hint, cliHintCommand)}`, options);
    this.name = "SessionHintError";
    this.reason = reason;
    this.hint = hint;
  }

  /** The message with the hint spelled by `spell`. */
  messageFor(spell: HintSpeller): string {
    return `${this.reason}${hintText(this.hint, spell)}`;
  }
}
