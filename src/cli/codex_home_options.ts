/** Options shared by `ls` and `usage`: where sessions live and what they cost. */

import { resolveCodexHomes } from "../io/discovery/mod.ts";
import { loadConfig } from "../io/config_file.ts";
import { DEFAULT_PRICE_TABLE, type PriceTable } from "../core/pricing/price_table.ts";
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
export async function pricesFrom(flags: { config?: string }): Promise<PriceTable> {
  const config = await loadConfig({ cwd: Deno.cwd(), path: flags.config });
  return { ...DEFAULT_PRICE_TABLE, ...config.pricing };
}
