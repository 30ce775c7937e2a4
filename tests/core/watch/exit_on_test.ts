import assert from "node:assert/strict";
import { UsageError } from "../../../src/core/errors.ts";
import { decideExit, parseExitOn, type RequestStatus } from "../../../src/core/watch/exit_on.ts";

const status = (
  key: string,
  state: RequestStatus["state"],
  level: RequestStatus["level"] = "ok",
) => ({
  key,
  state,
  level,
});

Deno.test("parseExitOn accepts the four conditions in any case and rejects others", () => {
  assert.deepEqual([...parseExitOn(["done", " Stuck ", "approval", "failed"])], [
    "done",
    "stuck",
    "approval",
    "failed",
  ]);
  assert.throws(() => parseExitOn(["done", "finished"]), UsageError);
  assert.throws(() => parseExitOn([]), /Invalid value for --exit-on/);
});

Deno.test("decideExit waits while no condition holds", () => {
  const all = parseExitOn(["done", "failed", "stuck", "approval"]);
  assert.equal(decideExit([], all), null, "no request yet is not done");
  assert.equal(
    decideExit([status("1", "running", "warning"), status("2", "completed")], all),
    null,
  );
});

Deno.test("decideExit picks stuck, then failed, then approval, then done", () => {
  const all = parseExitOn(["done", "failed", "stuck", "approval"]);
  const requests = [
    status("1", "awaiting_approval"),
    status("2", "failed"),
    status("3", "running", "stuck"),
  ];
  assert.deepEqual(decideExit(requests, all), {
    code: 3,
    condition: "stuck",
    key: "3",
    reason: "request 3 is stuck",
  });
  assert.equal(decideExit(requests.slice(0, 2), all)?.code, 6);
  assert.equal(decideExit(requests.slice(0, 1), all)?.code, 4);
  assert.equal(decideExit(requests, parseExitOn(["approval"]))?.code, 4);
});

Deno.test("decideExit ignores a stuck level of a finished request", () => {
  assert.equal(decideExit([status("1", "completed", "stuck")], parseExitOn(["stuck"])), null);
});

Deno.test("decideExit done gives 0 when all completed and 6 when one did not", () => {
  const done = parseExitOn(["done"]);
  assert.deepEqual(decideExit([status("1", "completed"), status("2", "completed")], done), {
    code: 0,
    condition: "done",
    key: null,
    reason: "all 2 requests done",
  });
  const mixed = decideExit([status("1", "completed"), status("2", "no_response")], done);
  assert.deepEqual([mixed?.code, mixed?.reason], [6, "all 2 requests done, 1 not completed"]);
  assert.equal(decideExit([status("1", "completed"), status("2", "running")], done), null);
});
