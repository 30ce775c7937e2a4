import assert from "node:assert/strict";
import { readTail, readTailForward } from "../../src/io/tail_lines.ts";
import { isSideFile } from "../../src/io/inputs.ts";
import { listJsonlFiles } from "../support/fixture_files.ts";

const decoder = new TextDecoder();

Deno.test("reading a tail backwards and forwards gives the same lines and line numbers", async () => {
  let compared = 0;
  for (const url of await listJsonlFiles()) {
    if (isSideFile(url.pathname)) continue;
    const physical = Deno.readTextFileSync(url).split("\n");
    for (const mode of ["events", "lines"] as const) {
      for (const count of [1, 3, 50]) {
        for (const keepText of [false, true]) {
          const options = { count, mode, keepText };
          const backward = await readTail(url.pathname, options);
          using file = await Deno.open(url);
          const forward = await readTailForward(file, options);
          const label = `${url.pathname} ${mode} ${count} ${keepText}`;
          assert.deepEqual(
            forward.lines.map(({ line, bytes }) => [line, decoder.decode(bytes)]),
            backward.lines.map(({ line, bytes }) => [line, decoder.decode(bytes)]),
            label,
          );
          assert.equal(forward.reachedStart, backward.reachedStart, label);
          // Line numbers are those of the file: each line is the file's line of that number.
          for (const { line, bytes } of backward.lines) {
            assert.equal(decoder.decode(bytes), physical[line - 1]!.replace(/\r$/, ""), label);
          }
          compared += 1;
        }
      }
    }
  }
  assert.ok(compared > 300, `${compared} comparisons`);
});
