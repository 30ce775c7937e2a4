import assert from "node:assert/strict";
import { splitCommand } from "../../../src/core/request/split_command.ts";

Deno.test("splitCommand reads the bash -lc form Codex reports", () => {
  assert.deepEqual(splitCommand("/bin/bash -lc 'echo hi'"), ["/bin/bash", "-lc", "echo hi"]);
  assert.deepEqual(splitCommand("/bin/bash -lc 'echo hi; ls does-not-exist'"), [
    "/bin/bash",
    "-lc",
    "echo hi; ls does-not-exist",
  ]);
});

Deno.test("splitCommand joins quoted pieces and handles escaped single quotes", () => {
  // shlex.join writes a single quote inside a word as '"'"'
  assert.deepEqual(splitCommand(`bash -lc 'echo '"'"'x'"'"''`), ["bash", "-lc", "echo 'x'"]);
  assert.deepEqual(splitCommand(`a\\ b "c \\"d\\"" e`), ["a b", 'c "d"', "e"]);
});

Deno.test("splitCommand keeps empty quoted words and survives an unbalanced quote", () => {
  assert.deepEqual(splitCommand("printf ''"), ["printf", ""]);
  assert.deepEqual(splitCommand("echo 'open"), ["echo", "open"]);
  assert.deepEqual(splitCommand("  "), []);
});
