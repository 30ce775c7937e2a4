import assert from "node:assert/strict";
import { listingJson } from "../../../src/core/usage/mod.ts";

Deno.test("listingJson writes the ls --json listing object with the documented keys in order", () => {
  const listing = listingJson(3, {
    found: 9,
    codexHomes: ["/home/me/.codex"],
    missingHomes: [],
    skippedFolders: 1,
    liveChecked: true,
  });
  assert.deepEqual(Object.entries(listing), [
    ["type", "listing"],
    ["sessions", 3],
    ["found", 9],
    ["codex_homes", ["/home/me/.codex"]],
    ["missing_homes", []],
    ["skipped_folders", 1],
    ["live_checked", true],
  ]);
});
