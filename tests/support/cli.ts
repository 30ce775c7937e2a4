/** Runs the CLI in-process with captured stdout and stderr. */

import { buildProgram } from "../../src/cli/mod.ts";
import { MemorySink } from "../../src/ui/output.ts";

/** What one CLI run printed and returned. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `codexmon ...args` in this process (no TTY, no colours unless asked). */
export async function runCli(
  args: string[],
  options: { env?: Record<string, string>; tty?: boolean } = {},
): Promise<CliRun> {
  const stdout = new MemorySink();
  const stderr = new MemorySink();
  const program = buildProgram({
    stdout,
    stderr,
    stdoutIsTty: options.tty ?? false,
    stderrIsTty: false,
    env: options.env ?? {},
  });
  const code = await program.run(args);
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/** A child process's exit code and its output as text. */
export function decodedRun(output: Deno.CommandOutput): CliRun {
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}

/** Parses NDJSON output into objects. */
export function ndjson(text: string): Record<string, unknown>[] {
  return text.split("\n").filter((line) => line !== "").map((line) => JSON.parse(line));
}
