/** Processes of a session, read from `/proc` (Linux): liveness, members, and ending them. */

/** The fields of `/proc/PID/stat` codexmon needs. */
export interface ProcStat {
  pid: number;
  /** `R`, `S`, `D`, `Z` (zombie: already dead), `T`... */
  state: string;
  ppid: number;
  pgid: number;
  sid: number;
  /** Start time in clock ticks after boot (null when read through `ps`). */
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
 * The stat of `pid`, or null when there is no such process. Reads `/proc/PID/stat`; when
 * Deno's permissions forbid `/proc` (it needs --allow-all), asks `ps` instead.
 */
export function readProcStat(pid: number): ProcStat | null {
  try {
    return parseProcStat(Deno.readTextFileSync(`/proc/${pid}/stat`));
  } catch (error) {
    if (!isNotCapable(error)) return null;
    return listWithPs().find((stat) => stat.pid === pid) ?? null;
  }
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
    if (isNotCapable(error)) return listWithPs();
    throw error;
  }
  return all;
}

/** True when `pid` runs (zombies count as dead) and, when both are known, started at `startTicks`. */
export function isProcessAlive(pid: number, startTicks?: number | null): boolean {
  const stat = readProcStat(pid);
  if (!stat || isDead(stat)) return false;
  return startTicks === undefined || startTicks === null || stat.startTicks === null ||
    stat.startTicks === startTicks;
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

/** The columns codexmon asks `ps` for. */
export const PS_ARGS = ["-e", "-o", "pid=,ppid=,pgid=,sid=,stat=,comm="];

/** Parses one line of `ps -e -o pid=,ppid=,pgid=,sid=,stat=,comm=` (no start time: `startTicks` null). */
export function parsePsLine(line: string): ProcStat | null {
  const match = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(line);
  if (!match) return null;
  return {
    pid: Number(match[1]),
    ppid: Number(match[2]),
    pgid: Number(match[3]),
    sid: Number(match[4]),
    state: (match[5] ?? "?").slice(0, 1),
    startTicks: null,
    name: (match[6] ?? "").trim(),
  };
}

function listWithPs(): ProcStat[] {
  const output = new Deno.Command("ps", {
    args: PS_ARGS,
    stdin: "null",
    stdout: "piped",
    stderr: "null",
  })
    .outputSync();
  const stats: ProcStat[] = [];
  for (const line of new TextDecoder().decode(output.stdout).split("\n")) {
    const stat = parsePsLine(line);
    if (stat) stats.push(stat);
  }
  return stats;
}

function isDead(stat: ProcStat): boolean {
  return stat.state === "Z" || stat.state === "X";
}

function isNotCapable(error: unknown): boolean {
  return (error instanceof Error && error.name === "NotCapable") ||
    error instanceof Deno.errors.PermissionDenied;
}

/** Sends `signal` to `pid`; false when the process is already gone. */
export function sendSignal(pid: number, signal: Deno.Signal): boolean {
  try {
    Deno.kill(pid, signal);
    return true;
  } catch {
    return false;
  }
}
