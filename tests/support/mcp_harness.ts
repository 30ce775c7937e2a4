/**
 * Connects the MCP SDK's own client over stdio to `codexmon mcp`, run as a subprocess in a
 * session harness's folders, and reads tool results back as text plus structured content.
 */

// The SDK's `./*.js` exports name types it does not ship; @ts-types names the real ones.
// @ts-types="@modelcontextprotocol/sdk/client/index"
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
// @ts-types="@modelcontextprotocol/sdk/client/stdio"
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { Progress } from "@modelcontextprotocol/sdk/types";
import { fileURLToPath } from "node:url";
import { sessionEntry, type SessionHarness } from "./session_harness.ts";

/** A connected client and the server process behind it. */
export interface McpConnection {
  client: Client;
  transport: StdioClientTransport;
  /** The server's pid. */
  pid: number;
  /** What the server wrote to stderr so far. */
  stderr(): string;
}

/** One tool call's result, read back. */
export interface ToolCall {
  isError: boolean;
  text: string;
  // deno-lint-ignore no-explicit-any
  data: any;
}

/** Options for {@linkcode connectMcp}. */
export interface ConnectOptions {
  /** The CLI entry (default: main.ts); a bundle works too. */
  entry?: string;
}

/**
 * Starts `codexmon mcp --state-dir <state>` in the project folder, with the permissions and V8
 * flags of the shebang of main.ts (what an installed codexmon has), and connects to it.
 */
export async function connectMcp(
  harness: SessionHarness,
  options: ConnectOptions = {},
): Promise<McpConnection> {
  const transport = new StdioClientTransport({
    command: Deno.execPath(),
    args: [
      "run",
      ...shebangFlags(),
      options.entry ?? sessionEntry(),
      "mcp",
      "--state-dir",
      harness.stateDir,
    ],
    cwd: harness.project,
    // the SDK passes env as the whole environment; the harness's keeps PATH (Codex needs node)
    env: harness.env(),
    stderr: "pipe",
  });
  let stderr = "";
  transport.stderr?.on("data", (chunk: Uint8Array) => {
    stderr += new TextDecoder().decode(chunk);
  });
  const client = new Client({ name: "codexmon-tests", version: "0.1.0" });
  await client.connect(transport);
  const pid = transport.pid;
  if (pid === null) throw new Error("The MCP server has no pid");
  return { client, transport, pid, stderr: () => stderr };
}

/** Calls tool `name`; `onProgress` receives progress notifications (the call then has a progressToken). */
export async function callTool(
  connection: McpConnection,
  name: string,
  args: Record<string, unknown>,
  options: { onProgress?: (progress: Progress) => void } = {},
): Promise<ToolCall> {
  const result = await connection.client.callTool(
    { name, arguments: args },
    undefined,
    {
      timeout: 120_000,
      ...(options.onProgress
        ? { onprogress: options.onProgress, resetTimeoutOnProgress: true }
        : {}),
    },
  );
  const content = result.content as { type: string; text?: string }[];
  return {
    isError: result.isError === true,
    text: content.map((part) => part.text ?? "").join("\n"),
    data: result.structuredContent ?? null,
  };
}

/** The `deno run` flags of the shebang of main.ts. */
export function shebangFlags(): string[] {
  const main = fileURLToPath(new URL("../../main.ts", import.meta.url));
  const shebang = Deno.readTextFileSync(main).split("\n")[0] ?? "";
  const flags = /^#!\/usr\/bin\/env -S deno run (.*)$/.exec(shebang)?.[1];
  if (!flags) throw new Error(`main.ts has no deno run shebang: ${shebang}`);
  return flags.split(" ");
}

/** True while process `pid` runs (not a zombie). */
export function isRunning(pid: number): boolean {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    const state = stat.slice(stat.lastIndexOf(")") + 2).split(" ")[0];
    return state !== "Z" && state !== "X";
  } catch {
    return false;
  }
}
