/**
 * Starts the supervisor (this same program, `session _supervise DIR`) detached under `setsid`,
 * in its own process session and group, so it outlives the terminal and can be ended as a group.
 */

import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { CodexmonError } from "../core/errors.ts";

/** How to run this program again: the executable and the arguments before the subcommand. */
export interface SelfInvocation {
  command: string;
  args: string[];
}

/** Permissions the supervisor needs (it reads and writes files and runs Codex). */
const SUPERVISOR_PERMISSIONS = ["--allow-read", "--allow-write", "--allow-run", "--allow-env"];

/**
 * How to re-invoke the running program: the compiled binary as it is, or `deno run` with the
 * main module (and the `deno.json` beside it, for its import map).
 */
export function selfInvocation(): SelfInvocation {
  const execPath = Deno.execPath();
  const main = Deno.mainModule;
  if (main.includes("/deno-compile-") || !main.startsWith("file:")) {
    return { command: execPath, args: [] };
  }
  const mainPath = fileURLToPath(main);
  const config = findDenoConfig(dirname(mainPath));
  return {
    command: execPath,
    args: [
      "run",
      ...SUPERVISOR_PERMISSIONS,
      "--no-prompt",
      ...(config ? ["--config", config] : []),
      mainPath,
    ],
  };
}

/** Spawns the detached supervisor for session folder `dir`; its stdout and stderr go to `log`. */
export async function spawnSupervisor(dir: string, options: { log: string }): Promise<void> {
  const self = selfInvocation();
  const argv = [self.command, ...self.args, "session", "_supervise", dir];
  let output: Deno.CommandOutput;
  try {
    output = await new Deno.Command("sh", {
      // setsid -f: always fork, so the supervisor leads a new session even if we lead a group
      args: [
        "-c",
        'exec setsid -f "$@" </dev/null >>"$CODEXMON_SUPERVISOR_LOG" 2>&1',
        "sh",
        ...argv,
      ],
      env: { CODEXMON_SUPERVISOR_LOG: options.log },
      cwd: dir,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
  } catch (error) {
    throw new CodexmonError(`Cannot start the session supervisor: ${String(error)}`, {
      cause: error,
    });
  }
  if (!output.success) {
    const detail = new TextDecoder().decode(output.stderr).trim();
    throw new CodexmonError(
      `Cannot start the session supervisor: setsid failed (exit ${output.code})${
        detail ? `: ${detail}` : ""
      }`,
    );
  }
}

function findDenoConfig(start: string): string | null {
  let dir = start;
  while (true) {
    for (const name of ["deno.json", "deno.jsonc"]) {
      const path = join(dir, name);
      try {
        if (Deno.statSync(path).isFile) return path;
      } catch {
        // keep looking upwards
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}
