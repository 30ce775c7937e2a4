/**
 * A stand-in entry for tests while `src/cli/mod.ts` does not register `session` yet: the same
 * error handling as main.ts, with only the session commands.
 */
import { Command } from "@commander-js/extra-typings";
import { CommanderError } from "commander";
import { registerSession } from "../../src/cli/session/mod.ts";
import { createContext } from "../../src/cli/context.ts";
import { CodexmonError } from "../../src/core/errors.ts";
import { EXIT } from "../../src/core/exit_codes.ts";

/** Runs the session commands with `args`; returns the exit code. */
export async function sessionMain(args: string[]): Promise<number> {
  const context = createContext();
  const program = new Command()
    .name("codexmon")
    .option("--verbose", "show stack traces on errors")
    .exitOverride()
    .configureOutput({
      writeOut: (text) => context.stdout.write(text),
      writeErr: (text) => context.stderr.write(text),
    });
  registerSession(program, context);
  try {
    await program.parseAsync(args, { from: "user" });
    return context.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === "commander.helpDisplayed" ? EXIT.ok : EXIT.usage;
    }
    const text = args.includes("--verbose") && error instanceof Error ? error.stack : String(
      error instanceof Error ? error.message : error,
    );
    context.stderr.line(`error: ${text}`);
    return error instanceof CodexmonError ? error.exitCode : EXIT.runtime;
  } finally {
    context.stdout.flush();
    context.stderr.flush();
  }
}

if (import.meta.main) Deno.exit(await sessionMain(Deno.args));
