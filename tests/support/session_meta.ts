/** A plain session record for tests that build a session folder by hand. */

import { newSessionMeta, type SessionMeta } from "../../src/session/metadata.ts";
import { readProcStat } from "../../src/session/processes.ts";

/** A record of session `name` (default `default`) running `/bin/true`, nothing started yet. */
export function plainMeta(
  options: { name?: string; cwd?: string; codexVersion?: string | null; createdAt?: number } = {},
): SessionMeta {
  return newSessionMeta({
    name: options.name ?? "default",
    codexPath: "/bin/true",
    codexArgs: [],
    cwd: options.cwd ?? "/",
    codexVersion: options.codexVersion ?? null,
    createdAt: options.createdAt ?? 1,
  });
}

/** Marks `meta` as started at `startedAt` and run by this test process (supervisor and Codex). */
export function runByThisProcess(meta: SessionMeta, startedAt = 1_000): void {
  meta.supervisor = {
    pid: Deno.pid,
    pgid: Deno.pid,
    sid: Deno.pid,
    startTicks: readProcStat(Deno.pid)?.startTicks ?? null,
  };
  meta.codexPid = Deno.pid;
  meta.startedAt = startedAt;
}
