#!/usr/bin/env -S deno run --allow-read --allow-write --allow-run --allow-env --allow-net=127.0.0.1 --v8-flags=--max-semi-space-size=2,--initial-old-space-size=16,--heap-growing-percent=20,--no-maglev,--no-lazy
/**
 * codexmon: monitor and analyse OpenAI Codex agent sessions.
 * The only place that prints `error: ...` and exits.
 */
import { CodexmonError } from "./src/core/errors.ts";
import { EXIT } from "./src/core/exit_codes.ts";
import { buildProgram } from "./src/cli/mod.ts";
import { CommanderError } from "commander";
import { isClosedPipeError } from "./src/ui/mod.ts";
import { isFactsWorker } from "./src/io/discovery/mod.ts";

/** Runs the CLI with `args` and returns the exit code. */
export async function main(args: string[]): Promise<number> {
  const verbose = args.includes("--verbose");
  const program = buildProgram();
  try {
    const code = await program.run(args);
    return code;
  } catch (error) {
    return reportError(error, verbose);
  }
}

function reportError(error: unknown, verbose: boolean): number {
  if (error instanceof CommanderError) {
    // commander already printed its message; help and version exit 0
    if (error.code === "commander.helpDisplayed" || error.code === "commander.version") {
      return EXIT.ok;
    }
    return EXIT.usage;
  }
  if (isBrokenPipe(error)) return EXIT.ok;
  const message = error instanceof Error ? error.message : String(error);
  const text = verbose && error instanceof Error && error.stack ? error.stack : message;
  try {
    Deno.stderr.writeSync(new TextEncoder().encode(`error: ${text}\n`));
  } catch {
    // stderr is gone too; nothing left to tell
  }
  if (error instanceof CodexmonError) return error.exitCode;
  return EXIT.runtime;
}

function isBrokenPipe(error: unknown): boolean {
  return isClosedPipeError(error);
}

// `ls` reads files on a second thread (`facts_worker.ts`); should that thread load this module,
// it only serves.
if (import.meta.main && !isFactsWorker()) {
  const code = await main(Deno.args);
  Deno.exit(code);
}
