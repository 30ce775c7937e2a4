/** Options shared by `ls` and `usage`: where sessions live and what they cost. */

import { resolveCodexHomes, resolveSessionArgument } from "../io/discovery/mod.ts";
import { UsageError } from "../core/errors.ts";
import { loadConfig } from "../io/mod.ts";
import { DEFAULT_PRICE_TABLE, type PriceTable } from "../core/pricing/mod.ts";
import type { CliContext } from "./context.ts";

/** Collects a repeatable option into a list. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** The Codex homes from `--codex-home` (repeatable), `$CODEX_HOME` or `~/.codex`. */
export function codexHomesFrom(flags: { codexHome?: string[] }, context: CliContext): string[] {
  return resolveCodexHomes(flags.codexHome ?? [], { env: context.env, cwd: Deno.cwd() });
}

/** The price table: the shipped one with the config's `pricing` entries on top. */
export async function pricesFrom(
  flags: { config?: string },
  context: Pick<CliContext, "env">,
): Promise<PriceTable> {
  const config = await loadConfig({
    cwd: Deno.cwd(),
    ...(flags.config === undefined ? {} : { path: flags.config }),
    env: context.env,
  });
  return { ...DEFAULT_PRICE_TABLE, ...config.pricing };
}

/**
 * FILE arguments with session ids resolved: a unique id prefix becomes its rollout file, and
 * `--latest` adds the newest rollout. Throws {@linkcode UsageError} when nothing is named.
 */
export async function resolveFileArguments(
  files: readonly string[],
  flags: { latest?: true },
  context: CliContext,
): Promise<string[]> {
  const options = { codexHomes: codexHomesFrom({}, context), cwd: Deno.cwd() };
  const resolved: string[] = [];
  for (const file of files) resolved.push(await resolveSessionArgument(file, options));
  if (flags.latest) {
    const latest = await resolveSessionArgument("latest", options);
    if (latest === "latest") {
      throw new UsageError(
        `Cannot use --latest: no Codex session in ${options.codexHomes.join(", ")}`,
      );
    }
    resolved.push(latest);
  }
  if (resolved.length === 0) throw new UsageError("Give a FILE, a session id prefix or --latest");
  return resolved;
}
