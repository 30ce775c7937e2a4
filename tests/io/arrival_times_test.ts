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

Deno.test("a reader cursor resumes where the last one stopped, torn and read-ahead records included", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const output = `${dir}/output.json`;
    const path = `${output}.times.jsonl`;
    // line 3 has no time (yet); line 4's record is read ahead when line 3 is asked for
    await Deno.writeTextFile(
      path,
      formatArrivalTime(1, 1000) + formatArrivalTime(2, 1005) + formatArrivalTime(4, 1020) +
        '{"line":5,"at":10',
    );
    const first = await openArrivalTimes(output);
    assert.ok(first);
    assert.equal(first.timeOf(1), 1000);
    assert.equal(first.timeOf(2), 1005);
    assert.equal(first.timeOf(3), null);
    const resume = first.resumeOffset;
    first.close();
    assert.equal(resume, (formatArrivalTime(1, 1000) + formatArrivalTime(2, 1005)).length);
    await Deno.writeTextFile(path, "30}\n", { append: true });
    const next = await openArrivalTimes(output, { startOffset: resume });
    assert.ok(next);
    assert.equal(next.timeOf(4), 1020);
    assert.equal(next.timeOf(5), 1030);
    assert.equal(next.resumeOffset, (await Deno.stat(path)).size);
    next.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
