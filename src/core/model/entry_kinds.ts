import type { EntryKind } from "./types.ts";

/** Every entry kind, in the order help texts list them. */
export const ENTRY_KINDS: readonly EntryKind[] = [
  "reasoning",
  "message",
  "command",
  "output",
  "error",
  "event",
  "tokens",
  "approval",
  "patch",
  "text",
];
