import assert from "node:assert/strict";
import { analyzeFile } from "../../../src/io/analyze_file.ts";
import { readLastRateLimits } from "../../../src/io/rate_limits_reader.ts";
import { detectStuck, verdictExitCode } from "../../../src/core/stuck/mod.ts";
import { runCli } from "../../support/cli.ts";

// The real 0.47.0 capture of a usage limit: its last token count reports the 5-hour window 100% used.
const FILE = "fixtures/codex-0.47.0/http-429.jsonl";

Deno.test("a rate-limit window at 90% or more is a warning finding on the latest request", async () => {
  const { analysis } = await analyzeFile(FILE);
  const limits = await readLastRateLimits(FILE);
  assert.ok(limits);
  const findings = detectStuck(analysis, { rateLimits: limits.windows });
  const rate = findings.filter((finding) => finding.kind === "rate_limit");
  assert.equal(rate.length, 1);
  assert.equal(rate[0]!.severity, "warning");
  assert.match(rate[0]!.reason, /^primary rate-limit window 100% used \(5h window\)/);
  const latest = analysis.requests.reduce((a, b) => (b.lastLine > a.lastLine ? b : a));
  assert.equal(rate[0]!.key, latest.key);
  const below = limits.windows.map((window) => ({ ...window, usedPercent: 89.9 }));
  assert.equal(
    detectStuck(analysis, { rateLimits: below }).some((finding) => finding.kind === "rate_limit"),
    false,
  );
  // A warning: it never makes the verdict stuck on its own.
  assert.equal(verdictExitCode(rate), 0);
});

Deno.test("parse --stuck lists the rate-limit warning and keeps exit code 0", async () => {
  const run = await runCli(["parse", FILE, "--stuck", "--no-color"]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /WARNING rate limit: primary rate-limit window 100% used/);
});
