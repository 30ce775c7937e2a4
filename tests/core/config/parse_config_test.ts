import assert from "node:assert/strict";
import { DEFAULT_STUCK_THRESHOLDS } from "../../../src/core/config/defaults.ts";
import { parseConfig } from "../../../src/core/config/parse_config.ts";
import { UsageError } from "../../../src/core/errors.ts";

const PATH = "/home/demo/project/codexmon.jsonc";

function problem(text: string): string {
  try {
    parseConfig(text, PATH);
  } catch (error) {
    assert.ok(error instanceof UsageError, `expected UsageError, got ${error}`);
    assert.equal(error.exitCode, 2);
    return error.message;
  }
  throw new Error("parseConfig accepted the text");
}

Deno.test("parseConfig gives every default for an empty file or an empty object", () => {
  for (const text of ["", "  \n", "{}", "// nothing yet\n{}\n"]) {
    const config = parseConfig(text, PATH);
    assert.deepEqual(config, { stuck: { ...DEFAULT_STUCK_THRESHOLDS }, session: {} });
  }
});

Deno.test("parseConfig reads comments, trailing commas and both sections", () => {
  const config = parseConfig(
    `{
  // thresholds
  "$schema": "./codexmon.schema.json",
  "stuck": {
    "repeatedCommandStuck": 8, /* loops of 8 */
    "silenceWarningSeconds": 90.5,
    "similarReasoningRatio": 0.9,
  },
  "session": {
    "approvalPolicy": "on-request",
    "sandbox": "workspace-write",
    "model": "gpt-5.2",
    "profile": "work",
    "cwd": "../app",
    "codex": "/opt/codex/bin/codex",
    "config": { "model_reasoning_effort": "high", "tools": { "web_search": true }, "n": [1, 2] },
  },
}`,
    PATH,
  );
  assert.equal(config.stuck.repeatedCommandStuck, 8);
  assert.equal(config.stuck.silenceWarningSeconds, 90.5);
  assert.equal(config.stuck.similarReasoningRatio, 0.9);
  assert.equal(
    config.stuck.repeatedCommandWarning,
    DEFAULT_STUCK_THRESHOLDS.repeatedCommandWarning,
  );
  assert.deepEqual(config.session, {
    approvalPolicy: "on-request",
    sandbox: "workspace-write",
    model: "gpt-5.2",
    profile: "work",
    cwd: "../app",
    codex: "/opt/codex/bin/codex",
    config: { model_reasoning_effort: "high", tools: { web_search: true }, n: [1, 2] },
  });
});

Deno.test("parseConfig reports broken JSONC with line and column", () => {
  assert.equal(
    problem('{\n  "stuck": {\n    "thinkingWarning": 4\n    "thinkingStuck": 9\n  }\n}'),
    `Cannot parse config "${PATH}": expected a comma at line 4, column 5`,
  );
  assert.equal(
    problem('{\n  "stuck": {\n'),
    `Cannot parse config "${PATH}": expected a closing brace at line 3, column 1`,
  );
  assert.equal(
    problem("{ stuck: {} }"),
    `Cannot parse config "${PATH}": invalid symbol at line 1, column 3`,
  );
});

Deno.test("parseConfig rejects unknown keys with their path and position", () => {
  assert.equal(
    problem('{\n  "stuck": { "repeatThreshold": 4 }\n}'),
    `Cannot parse config "${PATH}": unknown key "stuck.repeatThreshold" at line 2, column 14`,
  );
  assert.equal(
    problem('{ "stuk": {} }'),
    `Cannot parse config "${PATH}": unknown key "stuk" (expected "stuck", "session", "pricing" or "maxLineBytes") at line 1, column 3`,
  );
  assert.equal(
    problem('{ "session": { "approval_policy": "never" } }'),
    `Cannot parse config "${PATH}": unknown key "session.approval_policy" at line 1, column 16`,
  );
});

Deno.test("parseConfig rejects wrong types and values with the key path", () => {
  assert.equal(
    problem('{ "stuck": { "silenceWarningSeconds": "120" } }'),
    `Cannot parse config "${PATH}": "stuck.silenceWarningSeconds" must be a number of seconds greater than 0, got "120" at line 1, column 39`,
  );
  assert.equal(
    problem('{ "stuck": { "repeatedCommandStuck": 2.5 } }'),
    `Cannot parse config "${PATH}": "stuck.repeatedCommandStuck" must be a whole number of at least 2, got 2.5 at line 1, column 38`,
  );
  assert.equal(
    problem('{ "stuck": { "cacheHitMinRatio": 80 } }'),
    `Cannot parse config "${PATH}": "stuck.cacheHitMinRatio" must be a ratio greater than 0 and at most 1, got 80 at line 1, column 34`,
  );
  assert.equal(
    problem('{ "session": { "sandbox": "full" } }'),
    `Cannot parse config "${PATH}": "session.sandbox" must be one of "read-only", "workspace-write", "danger-full-access", got "full" at line 1, column 27`,
  );
  assert.equal(
    problem('{ "session": { "config": [] } }'),
    `Cannot parse config "${PATH}": "session.config" must be an object, got an array at line 1, column 26`,
  );
  assert.equal(
    problem('{ "session": { "model": "" } }'),
    `Cannot parse config "${PATH}": "session.model" must be a non-empty string, got "" at line 1, column 25`,
  );
  assert.equal(
    problem('{ "stuck": null }'),
    `Cannot parse config "${PATH}": "stuck" must be an object, got null at line 1, column 12`,
  );
  assert.equal(
    problem("[]"),
    `Cannot parse config "${PATH}": the top level must be an object, got an array at line 1, column 1`,
  );
});

Deno.test("parseConfig rejects duplicate keys and thresholds out of order", () => {
  assert.equal(
    problem('{ "stuck": { "thinkingWarning": 4, "thinkingWarning": 5 } }'),
    `Cannot parse config "${PATH}": duplicate key "thinkingWarning" in "stuck" at line 1, column 36`,
  );
  assert.equal(
    problem('{ "stuck": { "thinkingWarning": 20 } }'),
    `Cannot parse config "${PATH}": "stuck.thinkingWarning" (20) must not be greater than "stuck.thinkingStuck" (12)`,
  );
  assert.equal(
    problem('{ "stuck": { "repeatedCommandStuck": 12 } }'),
    `Cannot parse config "${PATH}": "stuck.repeatedCommandStuck" (12) must not be greater than "stuck.repeatedCommandWindow" (10)`,
  );
});

Deno.test("the config example in docs/config.md parses and lists every default", () => {
  const doc = Deno.readTextFileSync(new URL("../../../docs/config.md", import.meta.url));
  const example = doc.match(/```jsonc\n([\s\S]*?)```/)?.[1];
  assert.ok(example);
  const config = parseConfig(example, "docs/config.md");
  assert.deepEqual(config.stuck, DEFAULT_STUCK_THRESHOLDS);
  assert.equal(config.session.approvalPolicy, "never");
});

Deno.test("parseConfig refuses a config nested 100,000 deep with a usage error, not a stack overflow", () => {
  const deep = `{"session":{"config":${"[".repeat(100_000)}${"]".repeat(100_000)}}}`;
  assert.match(problem(deep), /nesting deeper than 32 levels at line 1, column \d+/);
  const inString = `{"session":{"model":"${"[".repeat(100)}"}}`;
  assert.equal(parseConfig(inString, PATH).session.model, "[".repeat(100));
});

Deno.test("parseConfig reads maxLineBytes as a whole number of at least 1", () => {
  assert.equal(parseConfig('{"maxLineBytes": 1048576}', PATH).maxLineBytes, 1048576);
  for (const bad of ['"1MB"', "0", "1.5", "3000000000", "-1"]) {
    assert.match(problem(`{"maxLineBytes": ${bad}}`), /"maxLineBytes" must be/, bad);
  }
});
