import assert from "node:assert/strict";
import {
  formatCommand,
  formatCompact,
  formatDuration,
  formatInt,
  truncate,
} from "../../src/ui/format.ts";

Deno.test("formatCommand shows the script of a bash -lc argv and quotes other arguments", () => {
  assert.equal(formatCommand(["bash", "-lc", "ls -la"]), "ls -la");
  assert.equal(formatCommand(["/bin/bash", "-lc", "echo hi"]), "echo hi");
  assert.equal(formatCommand(["git", "commit", "-m", "a b"]), "git commit -m 'a b'");
});

Deno.test("formatDuration picks a readable unit", () => {
  assert.equal(formatDuration(850), "850ms");
  assert.equal(formatDuration(12_300), "12.3s");
  assert.equal(formatDuration(245_000), "4m05s");
  assert.equal(formatDuration(7_380_000), "2h03m");
  assert.equal(formatDuration(47 * 3_600_000), "47h00m");
});

Deno.test("formatDuration counts days past two days instead of thousands of hours", () => {
  // 36832h32m was how a file written four years before showed.
  assert.equal(formatDuration((36_832 * 60 + 32) * 60_000), "1534d16h");
  assert.equal(formatDuration(49 * 3_600_000), "2d01h");
});

Deno.test("formatCompact shortens large numbers", () => {
  assert.equal(formatCompact(999), "999");
  assert.equal(formatCompact(5400), "5.4K");
  assert.equal(formatCompact(1_234_567), "1.2M");
});

Deno.test("truncate keeps short text and ends long text with an ellipsis", () => {
  assert.equal(truncate("abc", 5), "abc");
  assert.equal(truncate("abcdef", 4), "abc…");
});

Deno.test("formatInt groups thousands with commas, as en-US does", () => {
  for (
    const value of [0, 7, 999, 1000, 6553, 12_345, 999_999, 1_000_000, 123_456_789, -1234, -999]
  ) {
    assert.equal(formatInt(value), value.toLocaleString("en-US"));
  }
  assert.equal(formatInt(1234.6), "1,235");
  assert.equal(formatInt(Number.MAX_SAFE_INTEGER), Number.MAX_SAFE_INTEGER.toLocaleString("en-US"));
});
