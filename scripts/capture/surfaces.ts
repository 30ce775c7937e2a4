/**
 * Which output surfaces a Codex release has, read from its `codex --help`, and the scenario
 * tables that capture them. A release that lists `mcp-server` is captured through it (0.47 to
 * 0.153.x); one without it but with `app-server` gets the app-server and exec scenarios, whose
 * runs also leave the rollout files.
 */

import { APP_SERVER_SCENARIOS } from "./app_server_scenarios.ts";
import { EXEC_SCENARIOS } from "./exec_scenarios.ts";
import { MCP_SERVER_SCENARIOS } from "./mcp_server_scenarios.ts";
import type { Scenario, Surface } from "./scenario.ts";

/** The subcommands a `codex --help` text lists (the `Commands:` section). */
export function helpCommands(help: string): string[] {
  const commands: string[] = [];
  let inCommands = false;
  for (const line of help.split("\n")) {
    if (/^\S/.test(line)) inCommands = line.trim() === "Commands:";
    else if (inCommands) {
      const match = /^ {2}([a-z][a-z0-9-]*)\s/.exec(line);
      if (match?.[1]) commands.push(match[1]);
    }
  }
  return commands;
}

/** The surfaces of a release with these subcommands; empty when it has none codexmon knows. */
export function surfacesOf(commands: readonly string[]): Surface[] {
  if (commands.includes("mcp-server")) return ["mcp-server"];
  if (commands.includes("app-server")) {
    return commands.includes("exec")
      ? ["app-server", "exec-json", "rollout"]
      : ["app-server", "rollout"];
  }
  return [];
}

/** Every scenario of these surfaces, in table order. */
export function scenariosOf(surfaces: readonly Surface[]): Scenario[] {
  const tables: Record<Exclude<Surface, "rollout">, readonly Scenario[]> = {
    "mcp-server": MCP_SERVER_SCENARIOS,
    "app-server": APP_SERVER_SCENARIOS,
    "exec-json": EXEC_SCENARIOS,
  };
  return surfaces.flatMap((surface) => surface === "rollout" ? [] : tables[surface]);
}
