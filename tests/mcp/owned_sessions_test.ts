import assert from "node:assert/strict";
import { OwnedSessions } from "../../src/mcp/owned_sessions.ts";

Deno.test("OwnedSessions stops every session not kept, after starts under way", async () => {
  const owned = new OwnedSessions();
  await owned.start({ name: "a", keep: false, defaults: {} }, () => Promise.resolve());
  await owned.start({ name: "kept", keep: true, defaults: {} }, () => Promise.resolve());
  const late = Promise.withResolvers<void>();
  const starting = owned.start({ name: "late", keep: false, defaults: {} }, () => late.promise);
  const stopped: string[] = [];
  const stopping = owned.stopAll((name) => {
    stopped.push(name);
    return Promise.resolve();
  });
  late.resolve();
  await starting;
  const outcomes = await stopping;
  assert.deepEqual(stopped.sort(), ["a", "late"]);
  assert.deepEqual(outcomes.map((outcome) => outcome.error), [null, null]);
  assert.equal(owned.get("a"), undefined);
  assert.equal(owned.get("kept")?.keep, true);
});

Deno.test("OwnedSessions records a session only when its start succeeded", async () => {
  const owned = new OwnedSessions();
  await assert.rejects(
    owned.start(
      { name: "broken", keep: false, defaults: {} },
      () => Promise.reject(new Error("no")),
    ),
  );
  assert.equal(owned.get("broken"), undefined);
  assert.deepEqual(await owned.stopAll(() => Promise.resolve()), []);
});

Deno.test("OwnedSessions reports a session that cannot be stopped and goes on", async () => {
  const owned = new OwnedSessions();
  await owned.start({ name: "a", keep: false, defaults: {} }, () => Promise.resolve());
  await owned.start({ name: "b", keep: false, defaults: {} }, () => Promise.resolve());
  const outcomes = await owned.stopAll((name) =>
    name === "a" ? Promise.reject(new Error("processes are left: 12 (codex)")) : Promise.resolve()
  );
  assert.deepEqual(outcomes, [
    { name: "a", error: "processes are left: 12 (codex)" },
    { name: "b", error: null },
  ]);
});
