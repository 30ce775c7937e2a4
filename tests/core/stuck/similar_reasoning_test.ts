import assert from "node:assert/strict";
import { analyzeCapture } from "./_captures.ts";
import { jaccard, normalizedWords, shingles } from "../../../src/core/stuck/_similarity.ts";
import { detectSimilarReasoning } from "../../../src/core/stuck/similar_reasoning.ts";
import { context, request } from "./_records.ts";

const LOOP =
  "**Checking the build**\n\nI need to run the build again to see whether attempt 3 fixed the error.";

function blocks(texts: string[], start = 10) {
  return texts.map((text, index) => ({ text, line: start + index * 3 }));
}

Deno.test("normalised words drop markdown and case and fold digits", () => {
  assert.deepEqual(normalizedWords("**Checking** `src/App.tsx`, attempt 12!"), [
    "checking",
    "src",
    "app",
    "tsx",
    "attempt",
    "0",
  ]);
});

Deno.test("jaccard of shingles is 1 for the same text and 0 for unrelated texts", () => {
  const a = shingles(normalizedWords(LOOP));
  assert.equal(jaccard(a, shingles(normalizedWords(LOOP.replace("3", "4")))), 1);
  assert.equal(
    jaccard(a, shingles(normalizedWords("Listing the files in the project root now"))),
    0,
  );
  assert.equal(jaccard(shingles([]), shingles([])), 1);
  assert.deepEqual([...shingles(["two", "words"])], ["two words"]);
});

Deno.test("similar reasoning warns at three near-identical blocks and is stuck at five", () => {
  const variants = [
    LOOP,
    LOOP.replace("attempt 3", "attempt 4"),
    LOOP.replace("**Checking the build**", "**Checking the build!**"),
    LOOP,
    LOOP.toUpperCase(),
  ];
  const three = request({ reasoning: blocks(variants.slice(0, 3)) });
  const warning = detectSimilarReasoning(three, context());
  assert.equal(warning.length, 1);
  assert.equal(warning[0]?.severity, "warning");
  assert.equal(
    warning[0]?.reason,
    '3 reasoning blocks are nearly the same (similarity at least 80%): "**Checking the build** I need to run the build again to see whether attempt 3…"',
  );
  assert.deepEqual(warning[0]?.evidence.lines, [10, 13, 16]);
  const five = request({ reasoning: blocks(variants) });
  assert.equal(detectSimilarReasoning(five, context())[0]?.severity, "stuck");
});

Deno.test("similar reasoning does not fire on blocks that only share a theme", () => {
  // Each pair shares the opening words but the rest differs: similarity well under 0.8.
  const texts = [
    "I need to run the build again and then inspect the linker errors in main.rs",
    "I need to run the build again after adding the missing import to lib.rs",
    "I need to run the build again because the test fixture path was wrong",
    "I need to run the build again with verbose output to find the failing crate",
  ];
  const record = request({ reasoning: blocks(texts) });
  assert.deepEqual(detectSimilarReasoning(record, context()), []);
});

Deno.test("similar reasoning near-miss: one changed clause keeps a pair under the threshold", () => {
  const base = "Now I will open the configuration file and check the port setting for the server";
  const changed =
    "Now I will open the configuration file and check the timeout setting for the client";
  const similarity = jaccard(shingles(normalizedWords(base)), shingles(normalizedWords(changed)));
  assert.ok(similarity < 0.8, `similarity ${similarity}`);
  const record = request({ reasoning: blocks([base, changed, base.replace("port", "timeout")]) });
  assert.deepEqual(detectSimilarReasoning(record, context()), []);
});

Deno.test("similar reasoning ignores short headings that repeat", () => {
  const record = request({ reasoning: blocks(Array(6).fill("**Running tests**")) });
  assert.deepEqual(detectSimilarReasoning(record, context()), []);
});

Deno.test("similar reasoning follows the configured ratio", () => {
  // Pairwise similarities 0.53 (first, second), 0.63 (first, third), 0.86 (second, third).
  const texts = [
    "Now I will open the configuration file and check the port setting for the server",
    "Now I will open the configuration file and check the timeout setting for the client",
    "Now I will open the configuration file and check the timeout setting for the server",
  ];
  const record = request({ reasoning: blocks(texts) });
  assert.deepEqual(detectSimilarReasoning(record, context()), []);
  const loose = context([], { thresholds: { similarReasoningRatio: 0.5 } });
  assert.equal(detectSimilarReasoning(record, loose)[0]?.severity, "warning");
});

function detectIn(path: string) {
  const analysis = analyzeCapture(path);
  return analysis.requests.flatMap((record) =>
    detectSimilarReasoning(record, context([], { analysis }))
  );
}

Deno.test("similar reasoning: the crafted capture with five retries of one thought is stuck", () => {
  const [finding, ...rest] = detectIn("fixtures/crafted/stuck/similar-reasoning.jsonl");
  assert.equal(rest.length, 0);
  assert.equal(finding?.severity, "stuck");
  assert.deepEqual(finding?.evidence.lines, [5, 9, 13, 17, 21]);
  assert.ok(finding?.reason.startsWith("5 reasoning blocks are nearly the same"));
});

Deno.test("similar reasoning stays quiet on varied reasoning and on real captures", () => {
  for (
    const path of [
      "fixtures/crafted/stuck/varied-reasoning.jsonl",
      "fixtures/crafted/stuck/thinking.jsonl",
      "fixtures/codex-0.47.0/shell.jsonl",
      "fixtures/codex-0.153.4/multi-turn.jsonl",
    ]
  ) {
    assert.deepEqual(detectIn(path), [], path);
  }
});
