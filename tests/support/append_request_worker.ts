/** Test helper process: allocates one id in session DIR/NAME and appends a tools/call line; prints the id. */
import { appendRequest } from "../../src/session/buffer.ts";
import { toolCallLine } from "../../src/session/messages.ts";
import { sessionPaths } from "../../src/session/state_dir.ts";

const [stateDir, name, prompt] = Deno.args;
if (!stateDir || !name) throw new Error("usage: append_request_worker.ts STATE_DIR NAME [PROMPT]");
const { id } = await appendRequest(
  sessionPaths(stateDir, name),
  (id) =>
    toolCallLine(id, { tool: "codex", arguments: { prompt: prompt ?? `prompt ${Deno.pid}` } }),
);
console.log(id);
