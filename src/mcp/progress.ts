/** MCP progress notifications for a long tool call, sent only when the client asked for them. */

import type { ToolExtra } from "./tool.ts";

/** Sends one progress notification with `message`; a no-op without a progress token. */
export type ProgressReporter = (message: string) => void;

/**
 * A reporter whose progress is the seconds waited (strictly increasing, as the spec requires)
 * out of `totalSeconds`.
 */
export function progressReporter(
  extra: ToolExtra,
  options: { totalSeconds: number; started: number; now?: () => number },
): ProgressReporter {
  const token = extra._meta?.progressToken;
  if (token === undefined) return () => {};
  const now = options.now ?? Date.now;
  let last = 0;
  return (message) => {
    const elapsed = Math.round(now() - options.started) / 1000;
    const progress = elapsed > last ? elapsed : last + 0.001;
    last = progress;
    extra.sendNotification({
      method: "notifications/progress",
      params: { progressToken: token, progress, total: options.totalSeconds, message },
    }).catch(() => {
      // the client is gone; the wait ends through its own signal
    });
  };
}
