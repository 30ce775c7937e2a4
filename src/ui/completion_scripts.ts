/**
 * Shell completion scripts (bash, zsh, fish) rendered from a description of the commands, so
 * every command and option the CLI defines completes without a list kept by hand.
 *
 * @module
 */

/** What the value of an option or an argument is. */
export type ValueKind = "none" | "file" | "session" | "choices" | "other";

/** One option of a command. */
export interface CompletionOption {
  /** `--format`, and `-f` when it has a short form. */
  long: string | null;
  short: string | null;
  description: string;
  value: ValueKind;
  choices: readonly string[];
}

/** One command: its words from the program (`["session", "start"]`), options and children. */
export interface CompletionCommand {
  path: readonly string[];
  description: string;
  options: readonly CompletionOption[];
  subcommands: readonly string[];
  /** What its positional arguments are. */
  argument: ValueKind;
  /** The values its argument takes, when it has a fixed set. */
  argumentChoices: readonly string[];
}

/** The shells {@linkcode completionScript} writes for. */
export const COMPLETION_SHELLS = ["bash", "zsh", "fish"] as const;
export type CompletionShell = typeof COMPLETION_SHELLS[number];

/** Options for {@linkcode completionScript}. */
export interface CompletionScriptOptions {
  /** The program's name (`codexmon`). */
  program: string;
  /** The environment variable naming the state folder, and the folder used without it. */
  stateDirEnv: string;
  defaultStateDir: string;
}

/** The completion script for `shell`. */
export function completionScript(
  shell: CompletionShell,
  commands: readonly CompletionCommand[],
  options: CompletionScriptOptions,
): string {
  switch (shell) {
    case "bash":
      return bashScript(commands, options);
    case "zsh":
      return zshScript(commands, options);
    case "fish":
      return fishScript(commands, options);
  }
}

/** A word safe inside single quotes in sh and fish. */
function quoted(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

function functionName(program: string): string {
  return `_${program.replace(/[^A-Za-z0-9_]/g, "_")}`;
}

function optionWords(command: CompletionCommand): string[] {
  return command.options.flatMap((option) =>
    [option.long, option.short].filter((word): word is string => word !== null)
  );
}

/** The bash function (zsh loads it through bashcompinit). */
function bashFunction(commands: readonly CompletionCommand[], options: CompletionScriptOptions) {
  const name = functionName(options.program);
  const paths = commands.filter((command) => command.path.length > 0)
    .map((command) => ` ${command.path.join(" ")}`);
  const valueCases: string[] = [];
  for (const command of commands) {
    const path = command.path.length === 0 ? "" : ` ${command.path.join(" ")}`;
    for (const option of command.options) {
      if (option.value === "none") continue;
      const flags = [option.long, option.short].filter((word) => word !== null)
        .map((flag) => quoted(`${path}|${flag}`)).join("|");
      const reply = option.value === "choices"
        ? `COMPREPLY=($(compgen -W ${quoted(option.choices.join(" "))} -- "$cur"))`
        : option.value === "file"
        ? `COMPREPLY=($(compgen -f -- "$cur"))`
        : option.value === "session"
        ? `COMPREPLY=($(compgen -W "$(${name}_sessions)" -- "$cur"))`
        : "COMPREPLY=()";
      valueCases.push(`    ${flags}) ${reply}; return ;;`);
    }
  }
  const commandCases = commands.map((command) => {
    const path = command.path.length === 0 ? "" : ` ${command.path.join(" ")}`;
    const files = command.argument === "file" ? "1" : "";
    const sessions = command.argument === "session" ? "1" : "";
    const words = [...command.subcommands, ...command.argumentChoices];
    return `    ${quoted(path)}) subs=${quoted(words.join(" "))}; opts=${
      quoted(optionWords(command).join(" "))
    }; files=${files}; sessions=${sessions} ;;`;
  });
  return `${name}_sessions() {
  [ -n "$ZSH_VERSION" ] && setopt localoptions nullglob
  local dir="\${${options.stateDirEnv}:-${options.defaultStateDir}}" entry
  for entry in "$dir"/*/; do
    [ -d "$entry" ] && basename "$entry"
  done
}

${name}() {
  # zsh runs this through bashcompinit: arrays then count from 0 as in bash.
  [ -n "$ZSH_VERSION" ] && setopt localoptions ksharrays
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="" words_path="" word index
  [ "$COMP_CWORD" -gt 0 ] && prev="\${COMP_WORDS[COMP_CWORD-1]}"
  for ((index = 1; index < COMP_CWORD; index++)); do
    word="\${COMP_WORDS[index]}"
    case "$words_path $word" in
      ${paths.map(quoted).join("|") || "''"}) words_path="$words_path $word" ;;
    esac
  done
  case "$words_path|$prev" in
${valueCases.join("\n")}
  esac
  local subs="" opts="" files="" sessions=""
  case "$words_path" in
${commandCases.join("\n")}
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
  elif [ -n "$subs" ]; then
    COMPREPLY=($(compgen -W "$subs" -- "$cur"))
  elif [ -n "$sessions" ]; then
    COMPREPLY=($(compgen -W "$(${name}_sessions)" -- "$cur"))
  elif [ -n "$files" ]; then
    COMPREPLY=($(compgen -f -- "$cur"))
  else
    COMPREPLY=()
  fi
}`;
}

function bashScript(commands: readonly CompletionCommand[], options: CompletionScriptOptions) {
  return `# bash completion for ${options.program}: source <(${options.program} completions bash)
${bashFunction(commands, options)}
complete -o default -F ${functionName(options.program)} ${options.program}
`;
}

function zshScript(commands: readonly CompletionCommand[], options: CompletionScriptOptions) {
  return `#compdef ${options.program}
# zsh completion for ${options.program}: source <(${options.program} completions zsh)
autoload -U +X compinit && compinit
autoload -U +X bashcompinit && bashcompinit
${bashFunction(commands, options)}
complete -o default -F ${functionName(options.program)} ${options.program}
`;
}

function fishScript(commands: readonly CompletionCommand[], options: CompletionScriptOptions) {
  const program = options.program;
  const sessions = `__${functionName(program).slice(1)}_sessions`;
  const lines = [
    `# fish completion for ${program}: ${program} completions fish | source`,
    `function ${sessions}`,
    `    set -l dir $${options.stateDirEnv}`,
    `    test -n "$dir"; or set dir ${options.defaultStateDir}`,
    `    for entry in $dir/*/`,
    `        basename $entry`,
    `    end`,
    `end`,
    `complete -c ${program} -f`,
  ];
  const byPath = new Map(commands.map((command) => [command.path.join(" "), command]));
  for (const command of commands) {
    const condition = fishCondition(command, byPath);
    for (const sub of command.subcommands) {
      const description = byPath.get([...command.path, sub].join(" "))?.description ?? "";
      lines.push(
        `complete -c ${program} -n ${quoted(condition)} -a ${sub} -d ${
          quoted(firstLine(description))
        }`,
      );
    }
    for (const option of command.options) {
      const parts = [`complete -c ${program} -n ${quoted(condition)}`];
      if (option.long !== null) parts.push(`-l ${option.long.slice(2)}`);
      if (option.short !== null) parts.push(`-s ${option.short.slice(1)}`);
      if (option.value === "choices") parts.push(`-x -a ${quoted(option.choices.join(" "))}`);
      else if (option.value === "file") parts.push("-r -F");
      else if (option.value === "session") parts.push(`-x -a ${quoted(`(${sessions})`)}`);
      else if (option.value === "other") parts.push("-x");
      parts.push(`-d ${quoted(firstLine(option.description))}`);
      lines.push(parts.join(" "));
    }
    if (command.argument === "file" && command.subcommands.length === 0) {
      lines.push(`complete -c ${program} -n ${quoted(condition)} -F`);
    } else if (command.argument === "choices") {
      const choices = quoted(command.argumentChoices.join(" "));
      lines.push(`complete -c ${program} -n ${quoted(condition)} -a ${choices}`);
    } else if (command.argument === "session") {
      lines.push(`complete -c ${program} -n ${quoted(condition)} -a ${quoted(`(${sessions})`)}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

/** A fish condition true when the command line is in `command` (and not in one of its children). */
function fishCondition(
  command: CompletionCommand,
  byPath: ReadonlyMap<string, CompletionCommand>,
): string {
  if (command.path.length === 0) return "__fish_use_subcommand";
  const seen = command.path.map((word) => `__fish_seen_subcommand_from ${word}`);
  const children = byPath.get(command.path.join(" "))?.subcommands ?? [];
  if (children.length > 0) seen.push(`not __fish_seen_subcommand_from ${children.join(" ")}`);
  return seen.join("; and ");
}

function firstLine(text: string): string {
  return text.split("\n", 1)[0]!.slice(0, 80);
}
