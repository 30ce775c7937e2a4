/**
 * One codexmon MCP tool: its input schema, and a handler whose errors become tool errors
 * (`isError`) with a clear message instead of failing the JSON-RPC call or the server.
 */

import type {
  CallToolResult,
  McpServer,
  RequestHandlerExtra,
  ServerNotification,
  ServerRequest,
  ToolAnnotations,
  ToolCallback,
} from "./sdk.ts";
import type { z } from "zod";
import { type SessionHint, SessionHintError } from "../session/mod.ts";

/** What a handler gets besides its arguments (the client's progress token, its cancel signal). */
export type ToolExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/** The declaration of one tool. */
export interface ToolSpec<Shape extends z.ZodRawShape> {
  name: string;
  title: string;
  description: string;
  input: Shape;
  annotations?: ToolAnnotations;
  run(args: z.infer<z.ZodObject<Shape>>, extra: ToolExtra): Promise<CallToolResult>;
}

/** Registers `spec` on `server`. */
export function addTool<Shape extends z.ZodRawShape>(
  server: McpServer,
  spec: ToolSpec<Shape>,
): void {
  // the SDK checked `args` against `spec.input` before calling; its generic callback type
  // cannot be spelled for a generic shape
  const callback = async (args: unknown, extra: ToolExtra): Promise<CallToolResult> => {
    try {
      return await spec.run(args as z.infer<z.ZodObject<Shape>>, extra);
    } catch (error) {
      return toolError(error);
    }
  };
  server.registerTool(spec.name, {
    title: spec.title,
    description: spec.description,
    inputSchema: spec.input,
    ...(spec.annotations ? { annotations: spec.annotations } : {}),
  }, callback as ToolCallback<Shape>);
}

/** A result: `text` for the model to read, `structured` for programs. */
export function toolResult(text: string, structured: Record<string, unknown>): CallToolResult {
  return { content: [{ type: "text", text }], structuredContent: structured };
}

/** A tool error with the error's message; a hint names the tool to call, not a CLI command. */
export function toolError(error: unknown): CallToolResult {
  const message = error instanceof SessionHintError
    ? error.messageFor(mcpHintCommand)
    : error instanceof Error
    ? error.message
    : String(error);
  return { content: [{ type: "text", text: message }], isError: true };
}

/** The MCP spelling of a hint: `codex_start {"session":"x"}`. */
export function mcpHintCommand(hint: SessionHint): string {
  return `codex_${hint.command} ${JSON.stringify({ session: hint.session })}`;
}
