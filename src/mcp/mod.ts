/**
 * The face of `src/mcp` for the other folders.
 *
 * @module
 */

export * from "./server.ts";
