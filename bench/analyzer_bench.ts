/**
 * Analyzer throughput: the lines of an in-memory buffer built from the real captures
 * (both mcp-server versions, about 64 MB) fed in summary and in full detail.
 * Run: deno bench --allow-read bench/analyzer_bench.ts (it prints the buffer size and line
 * count, so time per iteration converts to MB/s and lines/s).
 */

import { Analyzer } from "../src/core/analyze/analyzer.ts";

const TARGET_BYTES = 64 * 1024 * 1024;
const fixtures = new URL("../fixtures/", import.meta.url);

function captures(): Uint8Array[] {
  const files: Uint8Array[] = [];
  for (const version of ["codex-0.47.0", "codex-0.153.4"]) {
    for (const entry of Deno.readDirSync(new URL(`${version}/`, fixtures))) {
      const name = entry.name;
      if (
        !name.endsWith(".jsonl") || name.includes(".timing.") || name.includes(".mock-requests.")
      ) continue;
      files.push(Deno.readFileSync(new URL(`${version}/${name}`, fixtures)));
    }
  }
  return files;
}

function buildBuffer(): Uint8Array {
  const files = captures();
  const size = files.reduce((sum, file) => sum + file.length, 0);
  const copies = Math.max(1, Math.ceil(TARGET_BYTES / size));
  const buffer = new Uint8Array(size * copies);
  let offset = 0;
  for (let copy = 0; copy < copies; copy++) {
    for (const file of files) {
      buffer.set(file, offset);
      offset += file.length;
    }
  }
  return buffer;
}

const buffer = buildBuffer();
const starts: number[] = [];
const ends: number[] = [];
let start = 0;
for (let i = 0; i < buffer.length; i++) {
  if (buffer[i] !== 0x0a) continue;
  starts.push(start);
  ends.push(i);
  start = i + 1;
}
console.log(`analyzer bench: ${(buffer.length / 1e6).toFixed(1)} MB, ${starts.length} lines`);

function feed(detail: "summary" | "full"): void {
  const analyzer = new Analyzer({ detail });
  const meta = { line: 0, time: null };
  for (let i = 0; i < starts.length; i++) {
    meta.line = i + 1;
    analyzer.pushLine(buffer.subarray(starts[i], ends[i]), meta);
  }
  analyzer.finish();
}

Deno.bench(
  { name: "Analyzer summary over the capture buffer", n: 5, warmup: 1 },
  () => feed("summary"),
);
Deno.bench(
  { name: "Analyzer full detail over the capture buffer", n: 3, warmup: 1 },
  () => feed("full"),
);
