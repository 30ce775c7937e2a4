/** Near-duplicate reasoning: the model keeps thinking the same thought in one request. */

import type { ReasoningBlock, RequestRecord } from "../model/mod.ts";
import { evidenceLines, excerpt } from "./_format.ts";
import { jaccard, normalizedWords, shingles } from "./_similarity.ts";
import type { DetectContext, Finding } from "./types.ts";

/** Blocks with fewer normalised words are ignored (short headings repeat legitimately). */
export const MIN_REASONING_WORDS = 4;

/** How many earlier groups a block is compared with (bounds the work on huge requests). */
const MAX_GROUPS = 64;

/** Suggestion of a `similar_reasoning` finding. */
export const SIMILAR_REASONING_SUGGESTION =
  "The model is going round in circles: stop the request and reply with the missing fact or a narrower task";

/**
 * Groups the request's (already de-duplicated) reasoning blocks: a block joins the first group
 * whose first block has a Jaccard similarity of word 3-shingles of at least
 * `similarReasoningRatio` with it (see {@linkcode normalizedWords}). Reports the largest group
 * when it has `similarReasoningWarning` (warning) or `similarReasoningStuck` (stuck) blocks.
 */
export function detectSimilarReasoning(request: RequestRecord, context: DetectContext): Finding[] {
  const { similarReasoningRatio, similarReasoningWarning, similarReasoningStuck } =
    context.thresholds;
  // Fewer blocks than a warning needs: no group can get there, so no shingles are built.
  if (request.reasoning.length < similarReasoningWarning) return [];
  const groups: { shingles: Set<string>; blocks: ReasoningBlock[] }[] = [];
  for (const block of request.reasoning) {
    const words = normalizedWords(block.text);
    if (words.length < MIN_REASONING_WORDS) continue;
    const own = shingles(words);
    const start = Math.max(0, groups.length - MAX_GROUPS);
    let joined = false;
    for (let index = start; index < groups.length; index++) {
      const group = groups[index];
      if (group && jaccard(group.shingles, own) >= similarReasoningRatio) {
        group.blocks.push(block);
        joined = true;
        break;
      }
    }
    if (!joined) groups.push({ shingles: own, blocks: [block] });
  }
  let largest: ReasoningBlock[] = [];
  for (const group of groups) if (group.blocks.length > largest.length) largest = group.blocks;
  const count = largest.length;
  if (count < similarReasoningWarning) return [];
  const first = largest[0];
  return [{
    kind: "similar_reasoning",
    severity: count >= similarReasoningStuck ? "stuck" : "warning",
    key: request.key,
    requestId: request.requestId,
    reason: `${count} reasoning blocks are nearly the same (similarity at least ${
      Math.round(similarReasoningRatio * 100)
    }%): "${excerpt(first?.text ?? "", 80)}"`,
    evidence: {
      lines: evidenceLines(largest.map((block) => block.line)),
      text: excerpt(first?.text ?? "", 300),
    },
    suggestion: SIMILAR_REASONING_SUGGESTION,
  }];
}
