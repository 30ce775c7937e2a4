import assert from "node:assert/strict";
import { UsageError } from "../../src/core/errors.ts";
import { parseCodexVersion } from "../../src/session/codex_version.ts";
import {
  codexReplyArguments,
  codexToolArguments,
  parseConfigPairs,
} from "../../src/session/tool_arguments.ts";

const V047 = parseCodexVersion("0.47.0");
const V153 = parseCodexVersion("codex-cli 0.153.4");

Deno.test("codexToolArguments uses the autonomous defaults in kebab case", () => {
  assert.deepEqual(codexToolArguments({ prompt: "hi" }, V047), {
    prompt: "hi",
    "approval-policy": "never",
    sandbox: "danger-full-access",
  });
});

Deno.test("codexToolArguments passes every setting under the name Codex expects", () => {
  const args = codexToolArguments({
    prompt: "p",
    cwd: "/w",
    model: "gpt-5.2",
    approvalPolicy: "on-request",
    sandbox: "read-only",
    profile: "fast",
    config: { "model_reasoning_effort": "low" },
  }, V153);
  assert.deepEqual(args, {
    prompt: "p",
    cwd: "/w",
    model: "gpt-5.2",
    profile: "fast",
    "approval-policy": "on-request",
    sandbox: "read-only",
    config: { model_reasoning_effort: "low" },
  });
});

Deno.test("codexToolArguments accepts untrusted on 0.47.0 but rejects it on 0.153.4", () => {
  assert.equal(
    codexToolArguments({ prompt: "p", approvalPolicy: "untrusted" }, V047)["approval-policy"],
    "untrusted",
  );
  assert.throws(
    () => codexToolArguments({ prompt: "p", approvalPolicy: "untrusted" }, V153),
    (error: unknown) =>
      error instanceof UsageError &&
      error.message ===
        'Invalid approval policy "untrusted": Codex 0.153.4 accepts on-request, never',
  );
  assert.throws(
    () => codexToolArguments({ prompt: "p", approvalPolicy: "on-failure" }, V153),
    UsageError,
  );
});

Deno.test("codexToolArguments rejects an unknown sandbox and an empty prompt", () => {
  assert.throws(
    () => codexToolArguments({ prompt: "p", sandbox: "none" }, V047),
    /Invalid sandbox "none"/,
  );
  assert.throws(() => codexToolArguments({ prompt: "  " }, V047), /empty prompt/);
});

Deno.test("codexToolArguments accepts all four policies when the version is unknown", () => {
  for (const policy of ["untrusted", "on-failure", "on-request", "never"]) {
    assert.equal(
      codexToolArguments({ prompt: "p", approvalPolicy: policy }, null)["approval-policy"],
      policy,
    );
  }
});

Deno.test("codexReplyArguments names the thread conversationId up to 0.80 and threadId from 0.87", () => {
  assert.deepEqual(codexReplyArguments({ threadId: "t", prompt: "p" }, V047), {
    conversationId: "t",
    prompt: "p",
  });
  assert.deepEqual(
    codexReplyArguments({ threadId: "t", prompt: "p" }, parseCodexVersion("0.80.0")),
    {
      conversationId: "t",
      prompt: "p",
    },
  );
  assert.deepEqual(
    codexReplyArguments({ threadId: "t", prompt: "p" }, parseCodexVersion("0.87.0")),
    {
      threadId: "t",
      prompt: "p",
    },
  );
  assert.deepEqual(codexReplyArguments({ threadId: "t", prompt: "p" }, V153), {
    threadId: "t",
    prompt: "p",
  });
});

Deno.test("parseConfigPairs reads JSON values and keeps other values as strings", () => {
  assert.deepEqual(
    parseConfigPairs(["a=1", "b=true", 'c="x"', "d=plain text", 'e.f={"g":2}', "h=a=b"]),
    {
      a: 1,
      b: true,
      c: "x",
      d: "plain text",
      "e.f": { g: 2 },
      h: "a=b",
    },
  );
  assert.throws(() => parseConfigPairs(["novalue"]), /expected key=value/);
  assert.throws(() => parseConfigPairs(["=1"]), /expected key=value/);
});
