/** Rate-limit alerts for `watch`: a line that reports windows, and the alert when one crosses 90%. */

import { findBytes } from "../core/bytes/mod.ts";
import { RateLimitAlerts, type RateLimitWindow } from "../core/usage/mod.ts";
import { windowsOf } from "../io/mod.ts";
import { describeWindow } from "../ui/mod.ts";

const SNAKE = new TextEncoder().encode('"rate_limits"');
const CAMEL = new TextEncoder().encode('"rateLimits"');
const decoder = new TextDecoder();

/** Watches the lines of a followed file for rate-limit windows crossing the warning share. */
export class RateLimitWatch {
  #alerts = new RateLimitAlerts();

  /** The alert text for `line`, or `null` (no windows, or none newly over the share). */
  check(line: Uint8Array): { text: string; windows: RateLimitWindow[] } | null {
    if (findBytes(line, SNAKE, 0) === -1 && findBytes(line, CAMEL, 0) === -1) return null;
    let value: unknown;
    try {
      value = JSON.parse(decoder.decode(line));
    } catch {
      return null;
    }
    const found = windowsOf(value);
    if (found === null) return null;
    const crossed = this.#alerts.update(found.windows);
    if (crossed.length === 0) return null;
    return {
      text: `rate limit ${
        crossed.map(describeWindow).join(", ")
      }: requests will be refused when it is used up`,
      windows: crossed,
    };
  }
}
