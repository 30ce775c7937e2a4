import { Command } from "@commander-js/extra-typings";
import { EXIT_CODE_HELP } from "../core/exit_codes.ts";
import { UsageError } from "../core/errors.ts";
import { type CliContext, createContext, type CreateContextOptions } from "./context.ts";
import { registerLs } from "./ls.ts";
import { registerCompletions } from "./completions.ts";
import { registerMcp } from "./mcp.ts";
import { registerParse } from "./parse.ts";
import { registerReport } from "./report.ts";
import { registerSession } from "./session/mod.ts";
import { registerUsage } from "./usage.ts";
import { registerWatch } from "./watch.ts";

/** The CLI, ready to run argument lists. */
export interface Program {
  /** Parses `args`, runs the command, flushes output and returns the exit code. */
  run(args: string[]): Promise<number>;
}

/** Builds the codexmon CLI around the real process or the sinks a test gives. */
export function buildProgram(options: CreateContextOptions = {}): Program {
  const context = createContext(options);
  return {
    async run(args) {
      // Built per run: which commands it defines depends on the arguments.
      const program = rootCommand(context);
      registerCommands(program, context, args[0]);
      registerHelp(program);
      try {
        await program.parseAsync(args, { from: "user" });
      } finally {
        context.stdout.flush();
        context.stderr.flush();
      }
      return context.exitCode;
    },
  };
}

function rootCommand(context: CliContext): Command {
  return new Command()
    .name("codexmon")
    .description(
      "Monitor and analyse OpenAI Codex agent sessions (mcp-server, app-server, exec --json, rollout files)",
    )
    .version(versionText(), "-V, --version", "print the version of codexmon and of deno")
    .option("--verbose", "show stack traces on errors")
    .helpCommand(false)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => context.stdout.write(text),
      writeErr: (text) => context.stderr.write(text),
      // Help is plain text; commander would otherwise read FORCE_COLOR and friends, which
      // needs --allow-env just to print help.
      getOutHasColors: () => false,
      getErrHasColors: () => false,
    })
    .addHelpText("after", exitCodeHelp());
}

type Register = (program: Command, context: CliContext) => void;

// Each command with what adds it, in help order; `alone` when it can run without the others
// defined (completions walks the whole tree).
const COMMANDS: readonly { name: string; register: Register; alone: boolean }[] = [
  { name: "parse", register: registerParse, alone: true },
  { name: "ls", register: registerLs, alone: true },
  { name: "usage", register: registerUsage, alone: true },
  { name: "watch", register: registerWatch, alone: true },
  { name: "session", register: registerSession, alone: true },
  { name: "report", register: registerReport, alone: true },
  { name: "completions", register: registerCompletions, alone: false },
  { name: "mcp", register: registerMcp, alone: true },
];

/**
 * Defines the commands. When the first argument names one that can run alone, only that one:
 * defining every command and option costs each start a few milliseconds, and a command's
 * parsing, help and errors never read its siblings. Anything else (root help, an unknown or
 * misspelt command, `help`, root options first) gets them all.
 */
function registerCommands(program: Command, context: CliContext, first?: string): void {
  const named = COMMANDS.find((command) => command.name === first && command.alone);
  for (const command of named === undefined ? COMMANDS : [named]) {
    command.register(program, context);
  }
}

/** The codexmon version. */
export const VERSION = "0.1.0";

/** `codexmon 0.1.0 (deno 2.9.6)`. */
export function versionText(): string {
  return `codexmon ${VERSION} (deno ${Deno.version.deno})`;
}

// `codexmon help [command...]`: the help of a command (exit 0); an unknown one is a usage error.
function registerHelp(program: Command): void {
  program
    .command("help")
    .description("show the help of codexmon or of a command (help session wait)")
    .argument("[command...]", "the command")
    .action((names: string[]) => {
      let command: Command = program;
      for (const name of names) {
        const next = command.commands.find((item) => item.name() === name) as Command | undefined;
        if (next === undefined || next.name() === "help") {
          const known = command.commands.map((item) => item.name()).filter((item) =>
            item !== "help"
          );
          throw new UsageError(
            `Cannot show help for "${
              names.join(" ")
            }": unknown command "${name}" (expected one of ${known.join(", ")})`,
          );
        }
        command = next;
      }
      command.outputHelp();
    });
}

/** The exit-code table as help text. */
export function exitCodeHelp(): string {
  const rows = EXIT_CODE_HELP.map(([code, text]) => `  ${String(code).padStart(3)}  ${text}`);
  return `\nExit codes:\n${rows.join("\n")}\n`;
}
