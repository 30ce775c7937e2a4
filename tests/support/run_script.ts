/** Runs a Deno script of the repository in a child process, as a user would. */

import { type CliRun, decodedRun } from "./cli.ts";

/** Options for {@linkcode runScript}. */
export interface RunScriptOptions {
  /** Deno permission flags (default `--allow-all`). */
  permissions?: string[];
  /** The child's whole environment besides `NO_COLOR=1`. */
  env?: Record<string, string>;
}

/** Runs `deno run PERMISSIONS script ...args` with stdin closed; returns its exit code and output. */
export async function runScript(
  script: string,
  args: string[],
  options: RunScriptOptions = {},
): Promise<CliRun> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", ...(options.permissions ?? ["--allow-all"]), script, ...args],
    env: { ...options.env, NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  return decodedRun(output);
}
