/** Processes of a session, read from `/proc` (Linux): liveness, members, and ending them. */

/** The fields of `/proc/PID/stat` codexmon needs. */
export interface ProcStat {
  pid: number;
  /** `R`, `S`, `D`, `Z` (zombie: already dead), `T`... */
  state: string;
  ppid: number;
  pgid: number;
  sid: number;
  /** Start time in clock ticks after boot (null when the stat line lacks it). */
  startTicks: number | null;
  /** The executable name (`comm`). */
  name: string;
}

/** Parses the text of `/proc/PID/stat`; the name may hold spaces and parentheses. */
export function parseProcStat(text: string): ProcStat | null {
  const open = text.indexOf("(");
  const close = text.lastIndexOf(")");
  if (open < 0 || close < open) return null;
  const fields = text.slice(close + 2).trim().split(" ");
  // after the name: state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime priority nice threads itrealvalue starttime
  const pid = Number(text.slice(0, open).trim());
  if (!Number.isInteger(pid) || fields.length < 20) return null;
  const startTicks = Number(fields[19]);
  return {
    pid,
    state: fields[0] ?? "?",
    ppid: Number(fields[1]),
    pgid: Number(fields[2]),
    sid: Number(fields[3]),
    startTicks: Number.isFinite(startTicks) ? startTicks : null,
    name: text.slice(open + 1, close),
  };
}

/**
 * The stat of `pid`, or null when there is no such process. Deno lets only --allow-all read
 * `/proc`, so under the permissions the CLI runs with the file is read by `cat` instead.
 */
export function readProcStat(pid: number): ProcStat | null {
  if (!Number.isSafeInteger(pid) || pid <= 0) return null;
  const text = readProcFile(`/proc/${pid}/stat`);
  return text === null ? null : parseProcStat(text);
}

/** The command line of `pid` (arguments split at NUL), or null when it cannot be read. */
export function readCmdline(pid: number): string[] | null {
  if (!Number.isSafeInteger(pid) || pid <= 0) return null;
  const text = readProcFile(`/proc/${pid}/cmdline`);
  if (text === null) return null;
  return text.split("\0").filter((part, index, all) => part !== "" || index < all.length - 1);
}

/** Every process on the machine (zombies included). */
export function listProcesses(): ProcStat[] {
  const all: ProcStat[] = [];
  try {
    for (const entry of Deno.readDirSync("/proc")) {
      if (!/^\d+$/.test(entry.name)) continue;
      let text: string;
      try {
        text = Deno.readTextFileSync(`/proc/${entry.name}/stat`);
      } catch (error) {
        if (isNotCapable(error)) throw error;
        continue; // the process ended while we looked
      }
      const stat = parseProcStat(text);
      if (stat) all.push(stat);
    }
  } catch (error) {
    if (isNotCapable(error)) return listWithCat();
    throw error;
  }
  return all;
}

/** How a recorded process compares with what runs under its pid now. */
export type ProcessIdentity = "alive" | "dead" | "reused";

/** Options for {@linkcode processIdentity}. */
export interface IdentityOptions {
  /** A word the command line must hold when no start time is recorded (`_supervise`). */
  cmdlineIncludes?: string;
}

/**
 * Whether the process recorded as `pid` started at `startTicks` still runs: `reused` when a
 * process runs under that pid but started at another time (or runs another command).
 */
export function processIdentity(
  pid: number,
  startTicks: number | null,
  options: IdentityOptions = {},
): ProcessIdentity {
  const stat = readProcStat(pid);
  if (!stat || isDead(stat)) return "dead";
  if (startTicks !== null && stat.startTicks !== null) {
    return stat.startTicks === startTicks ? "alive" : "reused";
  }
  // no start time to compare (a record from an older codexmon): the command line must match
  if (options.cmdlineIncludes !== undefined) {
    const cmdline = readCmdline(pid);
    if (cmdline !== null && !cmdline.includes(options.cmdlineIncludes)) return "reused";
  }
  return "alive";
}

/** True when `pid` runs (zombies count as dead) and, when both are known, started at `startTicks`. */
export function isProcessAlive(pid: number, startTicks?: number | null): boolean {
  return processIdentity(pid, startTicks ?? null) === "alive";
}

/** Every live process whose process session or group is `id` (the supervisor's pid). */
export function sessionMembers(id: number): ProcStat[] {
  return listProcesses().filter((stat) => !isDead(stat) && (stat.sid === id || stat.pgid === id));
}

/** Every live descendant of `pid` (children, grandchildren...). */
export function descendants(pid: number): ProcStat[] {
  const all = listProcesses().filter((stat) => !isDead(stat));
  const found: ProcStat[] = [];
  const parents = new Set([pid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const stat of all) {
      if (parents.has(stat.ppid) && !parents.has(stat.pid)) {
        parents.add(stat.pid);
        found.push(stat);
        grew = true;
      }
    }
  }
  return found;
}

// One `cat` reads every stat file: exact start times, unlike `ps`.
function listWithCat(): ProcStat[] {
  const output = new Deno.Command("sh", {
    args: ["-c", "cat /proc/[0-9]*/stat 2>/dev/null; exit 0"],
    stdin: "null",
    stdout: "piped",
    stderr: "null",
  }).outputSync();
  const stats: ProcStat[] = [];
  for (const line of new TextDecoder().decode(output.stdout).split("\n")) {
    const stat = line === "" ? null : parseProcStat(line);
    if (stat) stats.push(stat);
  }
  return stats;
}

// Reads a small /proc file directly, or through `cat` when Deno refuses /proc.
function readProcFile(path: string): string | null {
  try {
    return Deno.readTextFileSync(path);
  } catch (error) {
    if (!isNotCapable(error)) return null;
  }
  let output: Deno.CommandOutput;
  try {
    output = new Deno.Command("cat", {
      args: [path],
      stdin: "null",
      stdout: "piped",
      stderr: "null",
    }).outputSync();
  } catch {
    return null;
  }
  return output.success ? new TextDecoder().decode(output.stdout) : null;
}

function isDead(stat: ProcStat): boolean {
  return stat.state === "Z" || stat.state === "X";
}

function isNotCapable(error: unknown): boolean {
  return (error instanceof Error && error.name === "NotCapable") ||
    error instanceof Deno.errors.PermissionDenied;
}

/**
 * Sends `signal` to `pid` (a group when negative); false when the process is already gone.
 * Never signals pid 0, 1 or -1 (the caller's group, init, every process) or codexmon itself.
 */
export function sendSignal(pid: number, signal: Deno.Signal): boolean {
  if (!Number.isSafeInteger(pid) || Math.abs(pid) <= 1 || pid === Deno.pid) return false;
  try {
    Deno.kill(pid, signal);
    return true;
  } catch {
    return false;
  }
}
