import assert from "node:assert/strict";
import { join } from "node:path";
import { collectUsage, FactsCache, listSessions } from "../../../src/io/discovery/mod.ts";
import { DEFAULT_PRICE_TABLE } from "../../../src/core/pricing/price_table.ts";
import type { FactsCacheData } from "../../../src/io/discovery/facts_cache.ts";
import type { UsageSlice } from "../../../src/core/usage/mod.ts";

const CAPTURE = "fixtures/codex-0.169.0/rollout-multi-turn.jsonl";
const PROMPT = "Say hi with the shell.";

async function homeWith(dir: string): Promise<{ home: string; file: string }> {
  const folder = join(dir, "sessions", "2026", "11", "24");
  await Deno.mkdir(folder, { recursive: true });
  const file = join(
    folder,
    "rollout-2026-11-24T13-20-58-01a20db7-7d9a-7eb1-8a4f-9310b44771ec.jsonl",
  );
  await Deno.copyFile(CAPTURE, file);
  return { home: dir, file };
}

/** The saved data with every cached first prompt replaced, to tell a cache hit from a read. */
function marked(cache: FactsCache): FactsCache {
  const data: FactsCacheData = structuredClone(cache.data(false));
  for (const entry of Object.values(data.entries)) {
    if (entry.facts) entry.facts.head.firstPrompt = "from the cache";
  }
  return new FactsCache(JSON.parse(JSON.stringify(data)));
}

Deno.test("a rollout listed again comes from the cache; one rewritten to the same size is read again", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const { home, file } = await homeWith(dir);
    const options = {
      codexHomes: [home],
      cwd: dir,
      prices: DEFAULT_PRICE_TABLE,
      detectLive: false,
    };
    const first = new FactsCache();
    assert.equal(
      (await listSessions({ ...options, cache: first })).sessions[0]?.firstPrompt,
      PROMPT,
    );
    const hit = marked(first);
    assert.equal(
      (await listSessions({ ...options, cache: hit })).sessions[0]?.firstPrompt,
      "from the cache",
    );
    // Same size, other bytes: the modification time tells.
    const info = await Deno.stat(file);
    const text = await Deno.readTextFile(file);
    await Deno.writeTextFile(file, text.replace("Say hi", "Say HI"));
    const changed = await Deno.stat(file);
    assert.equal(changed.size, info.size);
    assert.notEqual(changed.mtime?.getTime(), info.mtime?.getTime());
    const again = await listSessions({ ...options, cache: marked(first) });
    assert.equal(again.sessions[0]?.firstPrompt, "Say HI with the shell.");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("usage from the cache equals usage read from the files, in another time zone too", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const { home } = await homeWith(dir);
    const run = async (cache: FactsCache | null, timeZone: string) => {
      const day = new Intl.DateTimeFormat("en-CA", { timeZone });
      const slices: UsageSlice[] = [];
      await collectUsage({
        codexHomes: [home],
        cwd: dir,
        bucketOf: (at) => day.format(at),
        onSlice: (slice) => slices.push(slice),
        cache,
      });
      return slices.map((slice) => [day.format(slice.at), slice.model, slice.tokens.total]);
    };
    const cache = new FactsCache();
    for (const zone of ["UTC", "Asia/Kathmandu", "UTC"]) {
      assert.deepEqual(await run(cache, zone), await run(null, zone), zone);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("saved data of another format version is ignored", () => {
  const cache = new FactsCache({ version: -1, entries: { "/x": { key: { size: 1 } } } });
  assert.deepEqual(cache.data(false).entries, {});
});
