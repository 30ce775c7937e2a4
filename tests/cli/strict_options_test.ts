import assert from "node:assert/strict";
import { CommanderError } from "commander";
import { runCli } from "../support/cli.ts";

const FILE = "fixtures/codex-0.153.4/simple.jsonl";

/** Asserts that `args` is refused as a usage error whose message matches `pattern`. */
async function assertRefused(args: string[], pattern: RegExp): Promise<void> {
  await assert.rejects(() => runCli(args), (error) => {
    assert.ok(error instanceof CommanderError, String(error));
    assert.match(error.message, pattern);
    return true;
  }, args.join(" "));
}

Deno.test("parse refuses --last written in hex, with blanks, as an exponent or out of range", async () => {
  for (const value of ["0x10", " 7", "1e9", "2147483648", "0", "-3"]) {
    await assertRefused(
      ["parse", "--last", value, FILE],
      /option '(-n, )?--last <n>' argument .* invalid/,
    );
  }
  assert.equal((await runCli(["parse", "--last", "7", FILE])).code, 0);
});

Deno.test("parse and watch refuse an empty request id", async () => {
  await assertRefused(["parse", "--request-id", "", FILE], /--request-id <id>.*empty one/);
  await assertRefused(["parse", "--check-request", " ", FILE], /--check-request <id>.*empty/);
  await assertRefused(
    ["watch", "--request", "", FILE],
    /option '(-r, )?--request <id>' argument ''/,
  );
});

Deno.test("stuck flags refuse a number in hex, with an exponent or with blanks", async () => {
  for (const value of ["0x10", "1e3", " 90"]) {
    const run = runCli(["parse", "--stuck", "--silence", value, FILE]);
    await assert.rejects(() => run, /Invalid value for --silence/);
  }
});
