import { EXIT, type ExitCode } from "./exit_codes.ts";

/** An error that carries the exit code `main.ts` should use. */
export class CodexmonError extends Error {
  /** The process exit code for this error. */
  readonly exitCode: ExitCode;

  constructor(message: string, options: { exitCode?: ExitCode; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "CodexmonError";
    this.exitCode = options.exitCode ?? EXIT.runtime;
  }
}

/** A usage error (exit code 2): a bad flag, value or config file. */
export class UsageError extends CodexmonError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { exitCode: EXIT.usage, ...options });
    this.name = "UsageError";
  }
}
