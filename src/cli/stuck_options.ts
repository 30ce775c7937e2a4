/** The stuck-detection flags shared by `parse` and `watch`. */

import { applyStuckFlags, type StuckThresholds } from "../core/config/mod.ts";
import { loadConfig } from "../io/mod.ts";
import type { CliContext } from "./context.ts";

/** The raw values of the shared flags. */
export interface StuckOptionValues {
  config?: string;
  repeatThreshold?: string;
  silence?: string;
  silenceStuck?: string;
  threshold?: string[];
}

/** Help lines of the shared flags, as [flags, description]. */
export const STUCK_OPTIONS = [
  ["--config <path>", "config file (default: ./codexmon.jsonc, then ~/.config/codexmon/)"],
  ["--repeat-threshold <n>", "runs of the same command that make a request stuck (default 5)"],
  ["--silence <seconds>", "seconds without a line before a silence warning (default 120)"],
  ["--silence-stuck <seconds>", "seconds without a line before a request is stuck (default 600)"],
] as const;

/** Collects repeatable `--threshold KEY=VALUE` flags. */
export function collectThreshold(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Thresholds from the config file with the flags applied on top. */
export async function resolveThresholds(
  values: StuckOptionValues,
  context: CliContext,
): Promise<StuckThresholds> {
  const config = await loadConfig({
    cwd: Deno.cwd(),
    ...(values.config === undefined ? {} : { path: values.config }),
    env: context.env,
  });
  return applyStuckFlags(config.stuck, {
    repeatThreshold: values.repeatThreshold,
    silence: values.silence,
    silenceStuck: values.silenceStuck,
    threshold: values.threshold,
  });
}
