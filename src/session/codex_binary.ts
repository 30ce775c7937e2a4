/** Finds the `codex` binary and asks it for its version before a session starts. */

import { delimiter, isAbsolute, join, resolve } from "node:path";
import { CodexmonError } from "../core/errors.ts";
import {
  type CodexVersion,
  FIRST_WITHOUT_MCP_SERVER,
  hasMcpServer,
  parseCodexVersion,
} from "./codex_version.ts";

/** The environment variable naming the `codex` binary when neither flag nor config does. */
export const CODEX_ENV = "CODEXMON_CODEX";

/** Options for {@linkcode resolveCodexPath}. */
export interface ResolveCodexOptions {
  /** `--codex` as given, else the config's `session.codex`, else `$CODEXMON_CODEX`, else `codex`. */
  requested?: string | undefined;
  cwd: string;
  env: (name: string) => string | undefined;
}

/** The absolute path of the `codex` binary. Throws a clear error when it does not exist. */
export function resolveCodexPath(options: ResolveCodexOptions): string {
  const fromEnv = options.env(CODEX_ENV);
  const requested = options.requested ?? (fromEnv ? fromEnv : "codex");
  if (requested.includes("/")) {
    const path = isAbsolute(requested) ? requested : resolve(options.cwd, requested);
    if (!isExecutableFile(path)) {
      throw new CodexmonError(
        `Cannot start Codex: "${requested}" does not exist or is not executable (install it with: npm install -g @openai/codex)`,
      );
    }
    return path;
  }
  for (const dir of (options.env("PATH") ?? "").split(delimiter)) {
    if (dir === "") continue;
    const path = join(dir, requested);
    if (isExecutableFile(path)) return path;
  }
  throw new CodexmonError(
    `Cannot start Codex: "${requested}" not found on PATH (install it with: npm install -g @openai/codex, or pass --codex PATH)`,
  );
}

/** Runs `codex --version` (bounded in time) and returns the version it prints, or null. */
export async function probeCodexVersion(
  path: string,
  options: { timeoutMs?: number } = {},
): Promise<CodexVersion | null> {
  const child = new Deno.Command(path, {
    args: ["--version"],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const timer = setTimeout(() => {
    try {
      child.kill("SIGKILL");
    } catch {
      // exited meanwhile
    }
  }, options.timeoutMs ?? 20_000);
  try {
    const output = await child.output();
    const text = new TextDecoder().decode(output.stdout);
    if (!output.success) {
      const detail = new TextDecoder().decode(output.stderr).trim().split("\n").slice(-3).join(
        " / ",
      );
      throw new CodexmonError(
        `Cannot start Codex: "${path} --version" failed (exit ${output.code}${
          detail ? `: ${detail}` : ""
        })`,
      );
    }
    return parseCodexVersion(text);
  } finally {
    clearTimeout(timer);
  }
}

/** Throws the "no mcp-server" error for releases that only have `app-server`. */
export function requireMcpServer(path: string, version: CodexVersion | null): void {
  if (version === null || hasMcpServer(version)) return;
  throw new CodexmonError(
    `Cannot start Codex ${version.text} ("${path}"): it has no "mcp-server" (removed in ${FIRST_WITHOUT_MCP_SERVER}; 0.153.4 was the last release with it). Use --backend app-server (the default for this version) or Codex 0.153.4 or older`,
  );
}

function isExecutableFile(path: string): boolean {
  try {
    const info = Deno.statSync(path);
    return info.isFile && (info.mode === null || (info.mode & 0o111) !== 0);
  } catch {
    return false;
  }
}
