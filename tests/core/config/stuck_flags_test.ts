import assert from "node:assert/strict";
import { DEFAULT_STUCK_THRESHOLDS } from "../../../src/core/config/defaults.ts";
import { applyStuckFlags } from "../../../src/core/config/stuck_flags.ts";
import { UsageError } from "../../../src/core/errors.ts";

const BASE = { ...DEFAULT_STUCK_THRESHOLDS };

function usageMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof UsageError);
    return error.message;
  }
  throw new Error("no error");
}

Deno.test("applyStuckFlags leaves the thresholds alone without flags", () => {
  assert.deepEqual(applyStuckFlags(BASE, {}), BASE);
});

Deno.test("--silence sets the warning level and raises the stuck level when needed", () => {
  const lower = applyStuckFlags(BASE, { silence: "60" });
  assert.equal(lower.silenceWarningSeconds, 60);
  assert.equal(lower.silenceStuckSeconds, 600);
  const higher = applyStuckFlags(BASE, { silence: "900" });
  assert.equal(higher.silenceWarningSeconds, 900);
  assert.equal(higher.silenceStuckSeconds, 900);
});

Deno.test("--repeat-threshold sets the stuck count and keeps warning and window consistent", () => {
  const two = applyStuckFlags(BASE, { repeatThreshold: "2" });
  assert.deepEqual(
    [two.repeatedCommandWarning, two.repeatedCommandStuck, two.repeatedCommandWindow],
    [2, 2, 10],
  );
  const twelve = applyStuckFlags(BASE, { repeatThreshold: "12" });
  assert.deepEqual(
    [twelve.repeatedCommandWarning, twelve.repeatedCommandStuck, twelve.repeatedCommandWindow],
    [3, 12, 12],
  );
});

Deno.test("--threshold KEY=VALUE sets any key", () => {
  const result = applyStuckFlags(BASE, {
    threshold: ["tokenTotalWarning=2000000", "cacheHitMinRatio=0.5"],
  });
  assert.equal(result.tokenTotalWarning, 2_000_000);
  assert.equal(result.cacheHitMinRatio, 0.5);
});

Deno.test("applyStuckFlags names the flag in its errors", () => {
  assert.equal(
    usageMessage(() => applyStuckFlags(BASE, { silence: "soon" })),
    'Invalid value for --silence: must be a number of seconds greater than 0, got "soon"',
  );
  assert.equal(
    usageMessage(() => applyStuckFlags(BASE, { repeatThreshold: "1" })),
    'Invalid value for --repeat-threshold: must be a whole number of at least 2, got "1"',
  );
  assert.equal(
    usageMessage(() => applyStuckFlags(BASE, { threshold: ["thinking=3"] })).startsWith(
      'Invalid value for --threshold: unknown key "thinking" (known: repeatedCommandWarning, ',
    ),
    true,
  );
  assert.equal(
    usageMessage(() => applyStuckFlags(BASE, { threshold: ["thinkingWarning"] })),
    'Invalid value for --threshold: expected KEY=VALUE, got "thinkingWarning"',
  );
  assert.equal(
    usageMessage(() => applyStuckFlags(BASE, { threshold: ["silenceWarningSeconds="] })),
    'Invalid value for --threshold silenceWarningSeconds: must be a number of seconds greater than 0, got ""',
  );
  assert.equal(
    usageMessage(() => applyStuckFlags(BASE, { silence: "700", silenceStuck: "600" })),
    "Invalid threshold flags: --silence (700) must not be greater than --silence-stuck (600)",
  );
});
