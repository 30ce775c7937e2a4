import assert from "node:assert/strict";
import { RequestTable } from "../../../../src/core/formats/mcp_server/request_table.ts";
import { FULL_LIMITS } from "../../../../src/core/model/mod.ts";

Deno.test("RequestTable lets released requests go while few are kept, not only after a thousand", () => {
  const table = new RequestTable({ keepFinished: 4, limits: FULL_LIMITS, full: true });
  const released: string[] = [];
  for (let id = 1; id <= 300; id++) {
    const request = table.create(id, id);
    table.finish(request, (_, record) => released.push(record.key));
    // Released requests of long turns hold all their texts: the list must not pile them up.
    assert.ok(table.all().length <= 10, `${table.all().length} listed after ${id} requests`);
  }
  assert.equal(released.length, 296);
  assert.deepEqual(released.slice(0, 3), ["1", "2", "3"]);
  assert.deepEqual(table.kept().map((request) => request.key), ["297", "298", "299", "300"]);
  assert.equal(table.lookup(1), undefined);
  assert.equal(table.lookup(300)?.key, "300");
});
