/** Thinking without acting: reasoning block after reasoning block, and no command, patch or message. */

import type { RequestRecord } from "../model/mod.ts";
import { evidenceLines, excerpt } from "./_format.ts";
import type { DetectContext, Finding } from "./types.ts";

/** Suggestion of a `thinking_without_acting` finding. */
export const THINKING_SUGGESTION =
  "The model is deliberating without doing anything: wait a little, or stop the request and reply with a concrete next step";

/**
 * Counts the reasoning blocks after the last action (a command began, a patch began, an agent
 * message or an approval request). `thinkingWarning` of them give a warning,
 * `thinkingStuck` make the request stuck.
 */
export function detectThinkingWithoutActing(
  request: RequestRecord,
  context: DetectContext,
): Finding[] {
  const { thinkingWarning, thinkingStuck } = context.thresholds;
  let lastAction = 0;
  for (const command of request.commands) lastAction = Math.max(lastAction, command.beginLine);
  for (const patch of request.patches) lastAction = Math.max(lastAction, patch.beginLine);
  for (const message of request.messages) lastAction = Math.max(lastAction, message.line);
  for (const approval of request.approvals) lastAction = Math.max(lastAction, approval.line);
  const blocks = request.reasoning.filter((block) => block.line > lastAction);
  if (blocks.length < thinkingWarning) return [];
  const since = lastAction === 0
    ? "with no command, patch or message yet"
    : `since the last action at line ${lastAction}`;
  const last = blocks[blocks.length - 1];
  return [{
    kind: "thinking_without_acting",
    severity: blocks.length >= thinkingStuck ? "stuck" : "warning",
    key: request.key,
    requestId: request.requestId,
    reason: `${blocks.length} reasoning blocks ${since}`,
    evidence: {
      lines: evidenceLines(blocks.map((block) => block.line)),
      text: excerpt(last?.text ?? "", 300),
    },
    suggestion: THINKING_SUGGESTION,
  }];
}
