import { BatchedWriter, type SyncSink } from "../ui/mod.ts";

/** What a command needs from the outside world; tests pass their own. */
export interface CliContext {
  stdout: BatchedWriter;
  stderr: BatchedWriter;
  /** True when stdout is a terminal (colours, boards). */
  stdoutIsTty: boolean;
  /** True when stderr is a terminal (progress lines). */
  stderrIsTty: boolean;
  /** Environment lookups (`NO_COLOR`, `CODEXMON_STATE_DIR`...). */
  env: (name: string) => string | undefined;
  /** The exit code the running command chose. */
  exitCode: number;
}

/** Options for {@linkcode createContext}. */
export interface CreateContextOptions {
  stdout?: SyncSink;
  stderr?: SyncSink;
  stdoutIsTty?: boolean;
  stderrIsTty?: boolean;
  env?: Record<string, string>;
}

/** Builds a context around the real process, or around the sinks a test gives. */
export function createContext(options: CreateContextOptions = {}): CliContext {
  const env = options.env;
  return {
    stdout: new BatchedWriter(options.stdout ?? Deno.stdout),
    stderr: new BatchedWriter(options.stderr ?? Deno.stderr, { highWater: 0 }),
    stdoutIsTty: options.stdoutIsTty ?? (options.stdout ? false : Deno.stdout.isTerminal()),
    stderrIsTty: options.stderrIsTty ?? (options.stderr ? false : Deno.stderr.isTerminal()),
    env: env ? (name) => env[name] : (name) => safeEnv(name),
    exitCode: 0,
  };
}

function safeEnv(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch {
    return undefined;
  }
}
