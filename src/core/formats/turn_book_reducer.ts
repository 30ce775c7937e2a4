/** The part every turn-format reducer shares: lines are parsed, state lives in a {@linkcode TurnBook}. */

import type { FormatReducer, LineContext, ReducerFacts, ReducerOptions } from "./format_reducer.ts";
import type { RequestRecord } from "../model/mod.ts";
import { TurnBook, type TurnBookOptions } from "./turn_book.ts";

/** A reducer whose subclasses only say how each parsed line changes the turns. */
export abstract class TurnBookReducer implements FormatReducer {
  /** The turns of the file. */
  protected readonly book: TurnBook;

  constructor(options: ReducerOptions, book: TurnBookOptions = {}) {
    this.book = new TurnBook(options, book);
  }

  /** Turn formats have no byte fast path: every line is parsed. */
  pushRange(_buffer: Uint8Array, _start: number, _end: number, _context: LineContext): boolean {
    return false;
  }

  abstract pushJson(value: unknown, context: LineContext): boolean;

  pushText(_bytes: Uint8Array, _context: LineContext): void {}

  markServerExited(): void {
    this.book.markServerExited();
  }

  flush(): void {
    this.book.flush();
  }

  requests(): RequestRecord[] {
    return this.book.requests();
  }

  facts(): ReducerFacts {
    return this.book.facts();
  }

  takeChanged(): string[] {
    return this.book.takeChanged();
  }
}
