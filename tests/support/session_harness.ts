/**
 * Runs `codexmon session ...` as a subprocess against real Codex and the mock Responses API,
 * in a temporary folder, and cleans up every process it started even when a test fails.
 */

import { decodedRun } from "./cli.ts";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type MockResponder,
  type MockResponsesServer,
  startMockResponsesServer,
  writeCodexHome,
} from "./mock_responses_server.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** The CLI entry: main.ts once it registers `session`, else the stand-in entry. */
export function sessionEntry(): string {
  const mod = Deno.readTextFileSync(join(ROOT, "src/cli/mod.ts"));
  return mod.includes("registerSession")
    ? join(ROOT, "main.ts")
    : join(ROOT, "tests/support/session_main.ts");
}

/** What one CLI run gave. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Options for {@linkcode SessionHarness.create}. */
export interface HarnessOptions {
  /** The Codex binary. */
  codex: string;
  /** `model = ...` in config.toml (0.15x: `gpt-5.2`). */
  model?: string;
  respond: MockResponder;
}

/** A temporary world: state folder, project folder, CODEX_HOME and the mock model server. */
export class SessionHarness {
  readonly root: string;
  readonly stateDir: string;
  readonly project: string;
  readonly codexHome: string;
  readonly codex: string;
  readonly mock: MockResponsesServer;
  #entry = sessionEntry();

  private constructor(root: string, codex: string, mock: MockResponsesServer) {
    this.root = root;
    this.stateDir = join(root, "state");
    this.project = join(root, "project");
    this.codexHome = join(root, "codex-home");
    this.codex = codex;
    this.mock = mock;
  }

  /** Creates the folders, starts the mock and writes CODEX_HOME. */
  static async create(options: HarnessOptions): Promise<SessionHarness> {
    const root = await Deno.makeTempDir({ prefix: "codexmon-session-" });
    const mock = await startMockResponsesServer({ respond: options.respond });
    const harness = new SessionHarness(root, options.codex, mock);
    await Deno.mkdir(harness.project, { recursive: true });
    await Deno.mkdir(join(root, "home"), { recursive: true });
    await writeCodexHome(harness.codexHome, {
      baseUrl: mock.baseUrl,
      ...(options.model ? { model: options.model } : {}),
    });
    return harness;
  }

  /** The session folder of `name`. */
  sessionDir(name = "default"): string {
    return join(this.stateDir, name);
  }

  /** Runs `codexmon session <args> --state-dir <state>` in the project folder. */
  session(...args: string[]): Promise<CliRun> {
    return this.sessionWith([Deno.execPath(), "run", "--allow-all", this.#entry], ...args);
  }

  /** Runs `<command...> session <args> --state-dir <state>`: another entry (the bundle) or permissions. */
  sessionWith(command: string[], ...args: string[]): Promise<CliRun> {
    return this.#exec(command, ["session", ...args, "--state-dir", this.stateDir]);
  }

  /** Runs `codexmon <args>` (any command) in the project folder. */
  run(args: string[]): Promise<CliRun> {
    return this.#exec([Deno.execPath(), "run", "--allow-all", this.#entry], args);
  }

  async #exec(command: string[], args: string[]): Promise<CliRun> {
    const [program, ...before] = command;
    const output = await new Deno.Command(program ?? Deno.execPath(), {
      args: [...before, ...args],
      cwd: this.project,
      env: this.env(),
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    return decodedRun(output);
  }

  /** The environment the CLI runs with. */
  env(): Record<string, string> {
    return {
      CODEX_HOME: this.codexHome,
      // Codex runs commands in login shells: a HOME of our own keeps the developer's shell
      // profile (and whatever hangs in it) out of the tests; Deno keeps its own cache.
      HOME: join(this.root, "home"),
      DENO_DIR: denoDir(),
      MOCK_API_KEY: "test-key",
      NO_COLOR: "1",
      XDG_CONFIG_HOME: join(this.root, "xdg"),
      PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
    };
  }

  /** `session.json` of `name`. */
  async meta(name = "default"): Promise<SessionMetaView> {
    return JSON.parse(await Deno.readTextFile(join(this.sessionDir(name), "session.json")));
  }

  /** Stops every session, kills any process left in their process sessions, stops the mock, removes files. */
  async cleanup(): Promise<void> {
    try {
      for await (const entry of Deno.readDir(this.stateDir)) {
        if (!entry.isDirectory) continue;
        await this.session("stop", "--name", entry.name, "--timeout", "5").catch(() => {});
        const meta = await this.meta(entry.name).catch(() => null);
        if (meta?.supervisor) killSessionProcesses(meta.supervisor.pid);
      }
    } catch {
      // no state folder: nothing was started
    }
    await this.mock.close();
    await Deno.remove(this.root, { recursive: true }).catch(() => {});
  }
}

/** The parts of `session.json` tests read. */
export interface SessionMetaView {
  supervisor: { pid: number; pgid: number; sid: number } | null;
  codexPid: number | null;
  codexVersion: string | null;
  exit: { code: number | null; signal: string | null } | null;
  cancelled: { requestId: number | string }[];
}

/** Live processes whose process session or group is `sid` (from /proc; zombies excluded). */
export function sessionProcessIds(sid: number): number[] {
  const pids: number[] = [];
  for (const entry of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    let text: string;
    try {
      text = Deno.readTextFileSync(`/proc/${entry.name}/stat`);
    } catch {
      continue;
    }
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    if (fields[0] === "Z" || fields[0] === "X") continue;
    if (Number(fields[2]) === sid || Number(fields[3]) === sid) pids.push(Number(entry.name));
  }
  return pids;
}

/** Live descendants of `pid`, from /proc. */
export function descendantPids(pid: number): { pid: number; name: string }[] {
  const all: { pid: number; ppid: number; name: string }[] = [];
  for (const entry of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    try {
      const text = Deno.readTextFileSync(`/proc/${entry.name}/stat`);
      const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
      if (fields[0] === "Z") continue;
      all.push({
        pid: Number(entry.name),
        ppid: Number(fields[1]),
        name: text.slice(text.indexOf("(") + 1, text.lastIndexOf(")")),
      });
    } catch {
      // ended meanwhile
    }
  }
  const found: { pid: number; name: string }[] = [];
  const parents = new Set([pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const process of all) {
      if (parents.has(process.ppid) && !parents.has(process.pid)) {
        parents.add(process.pid);
        found.push({ pid: process.pid, name: process.name });
        grew = true;
      }
    }
  }
  return found;
}

function killSessionProcesses(sid: number): void {
  for (const pid of sessionProcessIds(sid)) {
    try {
      Deno.kill(pid, "SIGKILL");
    } catch {
      // gone
    }
  }
}

/** Polls `check` until it returns a value other than undefined; throws `message` at the deadline. */
export async function eventually<T>(
  check: () => Promise<T | undefined> | T | undefined,
  options: { timeoutMs?: number; message: string },
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  while (true) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out: ${options.message}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Deno's cache folder as this process sees it, so children with another HOME reuse it. */
export function denoDir(): string {
  const explicit = Deno.env.get("DENO_DIR");
  if (explicit) return explicit;
  const cache = Deno.env.get("XDG_CACHE_HOME") ?? join(Deno.env.get("HOME") ?? "/root", ".cache");
  return join(cache, "deno");
}
