/** The app-server `initialize` reply: `{id, result: {userAgent, codexHome, ...}}`. */

import type { RequestId } from "../../core/model/mod.ts";
import type { ServerInfo } from "../output_lines.ts";
import { findResponse } from "./messages.ts";

/** The server's facts from its `initialize` reply with id `id`; null while it has not come. */
export function findAppInitializeReply(text: string, id: RequestId): ServerInfo | null {
  const found = findResponse(text, id);
  if (found === null || !("result" in found)) return null;
  const userAgent = found.result.userAgent;
  return {
    name: "codex-app-server",
    version: null,
    userAgent: typeof userAgent === "string" ? userAgent : null,
  };
}
