import assert from "node:assert/strict";
import {
  acceptedApprovalPolicies,
  compareVersions,
  hasMcpServer,
  parseCodexVersion,
  replyThreadArgument,
} from "../../src/session/codex_version.ts";

Deno.test("parseCodexVersion finds the version in --version output and user agents", () => {
  assert.equal(parseCodexVersion("codex-cli 0.153.4\n")?.text, "0.153.4");
  assert.equal(parseCodexVersion("codex_cli_rs/0.47.0 (Debian 12.0.0; x86_64)")?.minor, 47);
  assert.equal(parseCodexVersion("0.48.0-alpha.2")?.text, "0.48.0-alpha.2");
  assert.equal(parseCodexVersion("no version here"), null);
});

Deno.test("compareVersions orders numerically, not as text", () => {
  assert.ok(compareVersions("0.47.0", "0.153.4") < 0);
  assert.ok(compareVersions("0.100.0", "0.87.0") > 0);
  assert.equal(compareVersions("1.2.3", "1.2.3"), 0);
});

Deno.test("hasMcpServer is true up to 0.153.4 and false from 0.154.0", () => {
  assert.equal(hasMcpServer(parseCodexVersion("0.47.0")!), true);
  assert.equal(hasMcpServer(parseCodexVersion("0.153.4")!), true);
  assert.equal(hasMcpServer(parseCodexVersion("0.154.0")!), false);
  assert.equal(hasMcpServer(parseCodexVersion("0.169.0")!), false);
  assert.equal(hasMcpServer(parseCodexVersion("0.171.0")!), false);
});

Deno.test("replyThreadArgument and acceptedApprovalPolicies follow the protocol table", () => {
  assert.equal(replyThreadArgument(parseCodexVersion("0.80.0")), "conversationId");
  assert.equal(replyThreadArgument(parseCodexVersion("0.87.0")), "threadId");
  assert.deepEqual(acceptedApprovalPolicies(parseCodexVersion("0.140.0")), [
    "untrusted",
    "on-failure",
    "on-request",
    "never",
  ]);
  assert.deepEqual(acceptedApprovalPolicies(parseCodexVersion("0.153.4")), ["on-request", "never"]);
});
