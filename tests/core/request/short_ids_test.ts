import assert from "node:assert/strict";
import { Analyzer } from "../../../src/core/analyze/mod.ts";
import type { RequestRecord } from "../../../src/core/model/types.ts";
import {
  keyMatcher,
  resolveRequest,
  shortIdOf,
  shortIds,
} from "../../../src/core/request/short_ids.ts";
import { jsonLines } from "../../support/captures.ts";
import { listJsonlFiles } from "../../support/fixture_files.ts";
import { isSideFile } from "../../../src/io/inputs.ts";

const FIXTURES = new URL("../../../fixtures/", import.meta.url);
const V169 = new URL("codex-0.169.0/", FIXTURES);

function requestsOf(url: URL): RequestRecord[] {
  const analyzer = new Analyzer({ detail: "summary" });
  const encoder = new TextEncoder();
  Deno.readTextFileSync(url).split("\n").forEach((text, index) => {
    if (text !== "") analyzer.pushLine(encoder.encode(text), { line: index + 1 });
  });
  return analyzer.finish().requests;
}

Deno.test("short ids of rollout turns are the end of the turn id, unique in the file", () => {
  const requests = requestsOf(new URL("rollout-multi-turn.jsonl", V169));
  const turnIds = jsonLines(new URL("rollout-multi-turn.jsonl", V169).pathname)
    .filter((line) => line.type === "turn_context")
    .map((line) => (line.payload as { turn_id: string }).turn_id);
  assert.equal(requests.length, 2);
  const ids = shortIds(requests.map((request) => request.key));
  assert.deepEqual(
    requests.map((request) => ids.get(request.key)),
    turnIds.map((id) => id.replaceAll("-", "").slice(-6)),
  );
});

Deno.test("short ids of exec --json turns are the thread's end and the turn number", () => {
  const [request] = requestsOf(new URL("exec-shell.jsonl", V169));
  const thread = jsonLines(new URL("exec-shell.jsonl", V169).pathname)
    .find((line) => line.type === "thread.started")?.thread_id as string;
  assert.equal(shortIdOf(request!.key), `${thread.replaceAll("-", "").slice(-6)}#1`);
});

Deno.test("mcp-server and app-server requests keep their JSON-RPC id as short id", () => {
  for (
    const file of ["codex-0.47.0/multi-turn.jsonl", "codex-0.169.0/app-server-multi-turn.jsonl"]
  ) {
    for (const request of requestsOf(new URL(file, FIXTURES))) {
      assert.equal(shortIdOf(request.key), request.key);
    }
  }
});

Deno.test("short ids that would collide are lengthened, and identical ends fall back to the key", () => {
  const a = "t1:01a20db7-7db1-7780-98b7-2919172fe262";
  const b = "t1:01a20db7-7db1-7780-98b7-2919aa2fe262";
  const ids = shortIds([a, b]);
  assert.notEqual(ids.get(a), ids.get(b));
  assert.ok(ids.get(a)!.length > 6 && ids.get(a)!.length < a.length, ids.get(a));
  const same = shortIds(["a-bcdefgh:1", "abcdefg-h:1"]);
  assert.equal(same.get("a-bcdefgh:1"), "a-bcdefgh:1");
});

Deno.test("every short id, key, turn id and requestId of every capture selects its request", async () => {
  let checked = 0;
  for (const url of await listJsonlFiles()) {
    if (isSideFile(url.pathname)) continue;
    const requests = requestsOf(url);
    const ids = shortIds(requests.map((request) => request.key));
    for (const request of requests) {
      const forms = [ids.get(request.key)!, request.key];
      if (request.turnId !== null) forms.push(request.turnId);
      const text = String(request.requestId);
      const named = requests.filter((other) =>
        String(other.requestId) === text || other.key === text
      );
      if (named.length === 1) {
        forms.push(String(request.requestId));
      }
      for (const form of forms) {
        assert.deepEqual(
          resolveRequest(requests, form),
          { kind: "found", key: request.key },
          `${url.pathname}: ${form}`,
        );
        // Streamed views know only the key: a turn id selects there when the key holds it.
        if (form !== request.turnId || request.key.includes(form)) {
          assert.ok(keyMatcher(form)(request.key), `${url.pathname}: matcher ${form}`);
        }
      }
      checked += 1;
    }
  }
  assert.ok(checked > 40, `only ${checked} requests checked`);
});

Deno.test("a prefix two turns share is ambiguous and lists both", () => {
  const requests = requestsOf(new URL("rollout-multi-turn.jsonl", V169));
  const shared = requests[0]!.turnId!.slice(0, 8);
  const resolution = resolveRequest(requests, shared);
  assert.equal(resolution.kind, "ambiguous");
  if (resolution.kind === "ambiguous") {
    assert.equal(resolution.candidates.length, 2);
    for (const request of requests) {
      assert.ok(resolution.candidates.some((text) => text.includes(request.key)));
    }
  }
});

Deno.test("a unique prefix of a turn id selects it; short and unknown ids select nothing", () => {
  const requests = requestsOf(new URL("rollout-multi-turn.jsonl", V169));
  const second = requests[1]!;
  assert.deepEqual(resolveRequest(requests, second.turnId!.slice(0, 12)), {
    kind: "found",
    key: second.key,
  });
  assert.deepEqual(resolveRequest(requests, "9"), { kind: "none" });
  assert.deepEqual(resolveRequest(requests, "01a"), { kind: "none" });
});

Deno.test("a quoted string id and a number id stay apart", () => {
  const requests = requestsOf(new URL("codex-0.47.0/multi-turn.jsonl", FIXTURES));
  assert.deepEqual(resolveRequest(requests, "2"), { kind: "found", key: "2" });
  assert.deepEqual(resolveRequest(requests, '"12"'), { kind: "none" });
  assert.deepEqual(resolveRequest(requests, "1"), { kind: "found", key: "1" });
});
