import assert from "node:assert/strict";

Deno.test("watch reports a rate-limit window at 90% or more as a rate_limit alert notice", async () => {
  const output = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-all",
      "main.ts",
      "watch",
      "--from-start",
      "--json",
      "--exit-on",
      "done",
      "--no-fs-events",
      "--poll-ms",
      "50",
      "fixtures/codex-0.47.0/http-429.jsonl",
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const objects = new TextDecoder().decode(output.stdout).trimEnd().split("\n").map((line) =>
    JSON.parse(line)
  );
  const notices = objects.filter((object) => object.kind === "rate_limit");
  // The capture reports primary 100% twice: one alert, not one per report.
  assert.equal(notices.length, 1);
  assert.deepEqual(notices[0].windows, [{
    window: "primary",
    used_percent: 100,
    window_minutes: 300,
    resets_at: null,
  }]);
  // Both requests failed with HTTP 429: --exit-on done ends with 6.
  assert.equal(output.code, 6);
});
