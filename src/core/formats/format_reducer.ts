/** The seam between the format-neutral Analyzer and one reducer per output format. */

import type { Entry, Limits, RequestRecord } from "../model/mod.ts";
import type { LineKernel } from "../wasm/mod.ts";

/** Where a line sits; the reducer must copy what it keeps (the caller reuses the object). */
export interface LineContext {
  line: number;
  time: number | null;
  /** The line kernel whose memory holds the line's bytes, when the caller's buffer is one. */
  kernel?: LineKernel | null;
}

/** What every reducer gets from the Analyzer. */
export interface ReducerOptions {
  detail: "summary" | "full";
  limits: Readonly<Limits>;
  /** In summary detail, also read whole reasoning texts and prompts (the report); full detail always does. */
  wholeTexts?: boolean;
  /** Set only when entries are wanted. */
  onEntry: ((entry: Entry) => void) | null;
  /**
   * Finished requests to keep in {@linkcode FormatReducer.requests} (default: all). Beyond it
   * the reducer may release the oldest finished request: hand its final record to
   * `onRelease` once and forget it, so memory stays flat on big files. A reducer that
   * ignores this keeps everything (correct, only bigger).
   */
  keepFinished?: number;
  /**
   * Receives each released request's final record (see `keepFinished`) and the Codex version
   * the file showed last (`null` when unknown).
   */
  onRelease?: (record: RequestRecord, codexVersion: string | null) => void;
}

/** What a reducer knows beyond its requests. */
export interface ReducerFacts {
  codexVersion: string | null;
  serverExited: boolean;
  /** Counts of every event type of the file, unknown types included. */
  eventCounts: Record<string, number>;
}

/** Turns the lines of one format into request records. */
export interface FormatReducer {
  /**
   * Handles the line `buffer[start, end)` straight from its bytes when a cheap check allows it
   * (without a view of its own when it is only counted); returns false when the line must be
   * parsed (then {@linkcode FormatReducer.pushJson} follows).
   */
  pushRange(buffer: Uint8Array, start: number, end: number, context: LineContext): boolean;
  /** A parsed JSON line; returns false when it is no message this format knows. */
  pushJson(value: unknown, context: LineContext): boolean;
  /** A non-JSON line (its raw bytes, valid during the call): may tell that the server exited. */
  pushText(bytes: Uint8Array, context: LineContext): void;
  /** The server process is gone: open requests get no answer any more. */
  markServerExited(): void;
  /** End of a finished file: emit pending partial texts. */
  flush(): void;
  /** Fresh records (the caller may keep them; the reducer never mutates them later). */
  requests(): RequestRecord[];
  facts(): ReducerFacts;
  /** Keys of requests changed since the previous call. */
  takeChanged(): string[];
}
