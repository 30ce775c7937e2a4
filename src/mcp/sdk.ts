/**
 * The parts of the MCP SDK the server uses. The SDK's `./*` export maps `x.js` to the types
 * `x.js.d.ts`, which it does not ship, so Deno would type these modules as `any`; each import
 * names its real types with `@ts-types` (type-only imports go to the extensionless path).
 */

// @ts-types="@modelcontextprotocol/sdk/server/mcp"
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
// @ts-types="@modelcontextprotocol/sdk/server/stdio"
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";

export { McpServer, StdioServerTransport };
export type { ToolCallback } from "@modelcontextprotocol/sdk/server/mcp";
export type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol";
export type {
  CallToolResult,
  ServerNotification,
  ServerRequest,
  ToolAnnotations,
} from "@modelcontextprotocol/sdk/types";
