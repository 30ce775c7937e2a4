/**
 * Line splitting speed on a ~50 MB file built from the real captures:
 * `deno bench --allow-all bench/line_scanner_bench.ts`.
 *
 * @module
 */

import { readLinesBackward } from "../src/io/backward_reader.ts";
import { scanLines } from "../src/io/line_scanner.ts";

const FIXTURES = new URL("../fixtures/", import.meta.url);
const TARGET_BYTES = 50 * 1024 * 1024;

/** Concatenates the real captures (not the crafted files) until the file reaches `size` bytes. */
async function buildFile(path: string, size: number): Promise<number> {
  const parts: Uint8Array[] = [];
  for (const version of ["codex-0.47.0", "codex-0.153.4", "codex-0.169.0"]) {
    const directory = new URL(`${version}/`, FIXTURES);
    for await (const entry of Deno.readDir(directory)) {
      const isCapture = entry.name.endsWith(".jsonl") && !entry.name.endsWith(".timing.jsonl") &&
        !entry.name.endsWith(".mock-requests.jsonl");
      if (isCapture) parts.push(await Deno.readFile(new URL(entry.name, directory)));
    }
  }
  using file = await Deno.open(path, { write: true, create: true, truncate: true });
  let written = 0;
  while (written < size) {
    for (const part of parts) {
      await file.write(part);
      written += part.length;
    }
  }
  return written;
}

const directory = await Deno.makeTempDir({ prefix: "codexmon-bench-" });
const path = `${directory}/captures.jsonl`;
const size = await buildFile(path, TARGET_BYTES);
globalThis.addEventListener("unload", () => Deno.removeSync(directory, { recursive: true }));

Deno.bench({
  name: `scanLines over ${(size / 1e6).toFixed(0)} MB (count lines)`,
  group: "scan",
  baseline: true,
  async fn() {
    using file = await Deno.open(path);
    let lines = 0;
    await scanLines(file, () => {
      lines++;
    });
    if (lines === 0) throw new Error("Cannot benchmark: no lines found");
  },
});

Deno.bench({
  name: "read blocks only (the I/O floor)",
  group: "scan",
  async fn() {
    using file = await Deno.open(path);
    const buffer = new Uint8Array(1024 * 1024);
    while (await file.read(buffer) !== null) {
      // Reading alone: the cost scanLines adds is the difference.
    }
  },
});

Deno.bench({
  name: "readLinesBackward, last 100 lines",
  group: "backward",
  async fn() {
    using file = await Deno.open(path);
    let lines = 0;
    for await (const _line of readLinesBackward(file)) {
      if (++lines === 100) break;
    }
  },
});
