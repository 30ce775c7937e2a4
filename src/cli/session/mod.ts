/** `codexmon session ...`: one file per subcommand, registered in the order `--help` lists them. */

import type { Command } from "@commander-js/extra-typings";
import type { CliContext } from "../context.ts";
import { registerStart } from "./start.ts";
import { registerSend } from "./send.ts";
import { registerReply } from "./reply.ts";
import { registerSteer } from "./steer.ts";
import { registerWait } from "./wait.ts";
import { registerApproveDeny } from "./approve.ts";
import { registerCancel } from "./cancel.ts";
import { registerStatus } from "./status.ts";
import { registerList } from "./list.ts";
import { registerStop } from "./stop.ts";
import { registerSupervise } from "./supervise.ts";

/** Registers `session` and its subcommands on `program`. */
export function registerSession(program: Command, context: CliContext): void {
  const session = program
    .command("session")
    .description(
      "Run Codex in the background (app-server, or mcp-server for Codex 0.153 and older) and talk to it: start, send, wait, reply, approve, stop",
    );
  registerStart(session, context);
  registerSend(session, context);
  registerReply(session, context);
  registerSteer(session, context);
  registerWait(session, context);
  registerApproveDeny(session, context);
  registerCancel(session, context);
  registerStatus(session, context);
  registerList(session, context);
  registerStop(session, context);
  registerSupervise(session, context);
}
