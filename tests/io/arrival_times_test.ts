import assert from "node:assert/strict";
import {
  ArrivalTimesWriter,
  formatArrivalTime,
  parseArrivalTimes,
} from "../../src/io/arrival_times.ts";
import { openArrivalTimes } from "../../src/io/arrival_times_reader.ts";

Deno.test("formatArrivalTime writes one side-file record per line", () => {
  assert.equal(formatArrivalTime(3, 1795525980335.4), '{"line":3,"at":1795525980335}\n');
});

Deno.test("the writer's records read back through parseArrivalTimes and the reader cursor", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/output.json.times.jsonl`;
    const writer = new ArrivalTimesWriter(Deno.openSync(path, { append: true, create: true }));
    writer.record(1, 1000);
    writer.record(2, 1005);
    writer.close();
    // a torn record (the supervisor still writing) is skipped
    await Deno.writeTextFile(path, '{"line":3,"at":10', { append: true });
    assert.deepEqual([...parseArrivalTimes(await Deno.readTextFile(path))], [[1, 1000], [2, 1005]]);
    const cursor = await openArrivalTimes(`${dir}/output.json`);
    assert.ok(cursor);
    assert.equal(cursor.timeOf(1), 1000);
    assert.equal(cursor.timeOf(2), 1005);
    assert.equal(cursor.timeOf(3), null);
    cursor.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
