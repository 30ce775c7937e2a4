import assert from "node:assert/strict";
import { renderTable } from "../../src/ui/table.ts";

Deno.test("renderTable aligns columns and shortens the flexible column to the width", () => {
  const lines = renderTable(
    [{ header: "ID" }, { header: "N", align: "right" }, { header: "TEXT", flex: true }],
    [
      [{ text: "1" }, { text: "5" }, { text: "x".repeat(200) }],
      [{ text: "22" }, { text: "120" }, { text: "short" }],
    ],
    { width: 40 },
  );
  assert.equal(lines.length, 3);
  for (const line of lines) assert.ok(line.length <= 40, line);
  assert.equal(lines[2], "22  120  short");
  assert.ok(lines[1]?.endsWith("…"));
});

Deno.test("renderTable paints cells without changing their alignment", () => {
  const lines = renderTable(
    [{ header: "A" }, { header: "B" }],
    [[{ text: "x", paint: (text) => `<${text}>` }, { text: "y" }]],
    { width: 80 },
  );
  assert.equal(lines[1], "<x>  y");
});
