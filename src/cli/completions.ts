/** `codexmon completions bash|zsh|fish`: a script built from the commands defined at runtime. */

import { Argument, type Command, type Option } from "@commander-js/extra-typings";
import { DEFAULT_STATE_DIR, STATE_DIR_ENV } from "../session/mod.ts";
import {
  COMPLETION_SHELLS,
  type CompletionCommand,
  type CompletionOption,
  completionScript,
  type ValueKind,
} from "../ui/mod.ts";
import type { CliContext } from "./context.ts";

/** Commander's view of any command, whatever its typed options. */
type AnyCommand = Command<unknown[], Record<string, unknown>, Record<string, unknown>>;

const HELP_OPTION: CompletionOption = {
  long: "--help",
  short: "-h",
  description: "display help for command",
  value: "none",
  choices: [],
};

/** Registers `completions` on `program`. */
export function registerCompletions(program: Command, context: CliContext): void {
  program
    .command("completions")
    .description("Print a shell completion script (bash, zsh or fish); see docs/completions.md")
    .addArgument(new Argument("<shell>", "bash, zsh or fish").choices(COMPLETION_SHELLS))
    .action((shell, _options, command) => {
      const root = (command.parent ?? command) as unknown as AnyCommand;
      context.stdout.write(completionScript(shell, describeCommands(root), {
        program: root.name(),
        stateDirEnv: STATE_DIR_ENV,
        defaultStateDir: DEFAULT_STATE_DIR,
      }));
    });
}

/** Every command under `root` (itself first), as the completion scripts need them. */
export function describeCommands(root: AnyCommand, path: string[] = []): CompletionCommand[] {
  const children = root.commands.filter((child) => !isHidden(child)) as AnyCommand[];
  const own: CompletionCommand = {
    path,
    description: root.description(),
    options: [...root.options.filter((option) => !option.hidden).map(describeOption), HELP_OPTION],
    subcommands: children.map((child) => child.name()),
    argument: argumentKind(root),
    argumentChoices: root.registeredArguments.flatMap((argument) => argument.argChoices ?? []),
  };
  return [own, ...children.flatMap((child) => describeCommands(child, [...path, child.name()]))];
}

function isHidden(command: AnyCommand): boolean {
  return (command as unknown as { _hidden?: boolean })._hidden === true;
}

function describeOption(option: Option): CompletionOption {
  return {
    long: option.long ?? null,
    short: option.short ?? null,
    description: option.description,
    value: optionValueKind(option),
    choices: option.argChoices ?? [],
  };
}

/** What an option's value is, from its choices and the placeholder in its flags. */
function optionValueKind(option: Option): ValueKind {
  if (!option.required && !option.optional) return "none";
  if (option.argChoices !== undefined && option.argChoices.length > 0) return "choices";
  if (option.long === "--name" && /session/.test(option.description)) return "session";
  if (/<(path|file|dir)[.>]/.test(option.flags)) return "file";
  return "other";
}

function argumentKind(command: AnyCommand): ValueKind {
  if (command.registeredArguments.some((argument) => argument.argChoices !== undefined)) {
    return "choices";
  }
  const names = command.registeredArguments.map((argument) => argument.name());
  if (names.some((name) => /file|path/.test(name))) return "file";
  return names.length > 0 ? "other" : "none";
}
