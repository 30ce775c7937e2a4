/** `--since` / `--until` values: a date, a date and time, or an age like `30m`, `2h`, `7d`. */

import { UsageError } from "../errors.ts";

const AGE = /^(\d+(?:\.\d+)?)(s|m|h|d|w)$/;
const UNIT_MS: Record<string, number> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/**
 * The moment (ms since the epoch) `text` names: `2026-11-24` (midnight UTC),
 * `2026-11-24T13:00:00Z`, `20261124`, or an age before `now` (`90m`, `2h`, `7d`).
 * Throws {@linkcode UsageError} for anything else.
 */
export function parseTimeBound(text: string, flag: string, now: number): number {
  const trimmed = text.trim();
  const age = AGE.exec(trimmed);
  if (age) return now - Number(age[1]) * UNIT_MS[age[2]!]!;
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(trimmed);
  const iso = compact ? `${compact[1]}-${compact[2]}-${compact[3]}` : trimmed;
  const time = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? Date.parse(`${iso}T00:00:00Z`) : Date.parse(iso);
  if (!Number.isFinite(time)) {
    throw new UsageError(
      `Cannot use "${text}" with ${flag}: expected a date (2026-11-24), a time (2026-11-24T13:00Z) or an age (30m, 2h, 7d)`,
    );
  }
  return time;
}
