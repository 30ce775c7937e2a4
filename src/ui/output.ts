/** Batched, pipe-safe text output: data on stdout, diagnostics on stderr. */

const encoder = new TextEncoder();

/** Something bytes can be written to synchronously (Deno.stdout, a test buffer). */
export interface SyncSink {
  writeSync(bytes: Uint8Array): number;
}

/** Thrown when the reader of stdout went away (`codexmon parse ... | head`). */
export class ClosedPipe extends Error {
  constructor() {
    super("Cannot write output: the pipe is closed");
    this.name = "ClosedPipe";
  }
}

/** Options for {@linkcode BatchedWriter}. */
export interface BatchedWriterOptions {
  /** Flush when this many bytes are pending. */
  highWater?: number;
}

/** Collects text and writes it in large chunks; `console.log` per line is far slower. */
export class BatchedWriter {
  #sink: SyncSink;
  #parts: string[] = [];
  #pending = 0;
  #highWater: number;
  #closed = false;

  constructor(sink: SyncSink, options: BatchedWriterOptions = {}) {
    this.#sink = sink;
    this.#highWater = options.highWater ?? 64 * 1024;
  }

  /** True once the reader went away; callers may stop producing output. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Queues `text`; flushes when enough is pending. */
  write(text: string): void {
    if (this.#closed) throw new ClosedPipe();
    this.#parts.push(text);
    this.#pending += text.length;
    if (this.#pending >= this.#highWater) this.flush();
  }

  /** Queues `text` and a newline. */
  line(text = ""): void {
    this.write(text + "\n");
  }

  /** Writes everything pending. Throws {@linkcode ClosedPipe} when the reader is gone. */
  flush(): void {
    if (this.#parts.length === 0) return;
    const bytes = encoder.encode(this.#parts.join(""));
    this.#parts = [];
    this.#pending = 0;
    try {
      writeAll(this.#sink, bytes);
    } catch (error) {
      if (isClosedPipeError(error)) {
        this.#closed = true;
        throw new ClosedPipe();
      }
      throw error;
    }
  }
}

function writeAll(sink: SyncSink, bytes: Uint8Array): void {
  let offset = 0;
  while (offset < bytes.length) offset += sink.writeSync(bytes.subarray(offset));
}

/** True for the errors a write to a closed pipe raises. */
export function isClosedPipeError(error: unknown): boolean {
  if (error instanceof ClosedPipe) return true;
  if (typeof Deno !== "undefined" && error instanceof Deno.errors.BrokenPipe) return true;
  return error instanceof Error && /broken pipe|os error 32/i.test(error.message);
}

/** A sink that keeps what was written, for tests. */
export class MemorySink implements SyncSink {
  #chunks: Uint8Array[] = [];

  writeSync(bytes: Uint8Array): number {
    this.#chunks.push(bytes.slice());
    return bytes.length;
  }

  /** Everything written so far, decoded. */
  text(): string {
    const decoder = new TextDecoder();
    return this.#chunks.map((chunk) => decoder.decode(chunk)).join("");
  }
}

/**
 * Writes through `inner`, after calling `header` once, when the first text comes: a section
 * header (`==> FILE <==`) that shows only above sections with something in them.
 */
export class HeaderFirstWriter extends BatchedWriter {
  #inner: BatchedWriter;
  #header: (() => void) | null;

  constructor(inner: BatchedWriter, header: () => void) {
    super({ writeSync: (bytes) => bytes.length });
    this.#inner = inner;
    this.#header = header;
  }

  override write(text: string): void {
    this.#open();
    this.#inner.write(text);
  }

  override line(text = ""): void {
    this.#open();
    this.#inner.line(text);
  }

  override flush(): void {
    this.#inner.flush();
  }

  #open(): void {
    const header = this.#header;
    this.#header = null;
    header?.();
  }
}
