/** A plain session record for tests that build a session folder by hand. */

import { newSessionMeta, type SessionMeta } from "../../src/session/metadata.ts";

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
