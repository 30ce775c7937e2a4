/** `session.json` read defensively: a corrupt record names its file and field; others still list. */

import assert from "node:assert/strict";
import { join } from "node:path";
import { MetaFieldError, validateSessionMeta } from "../../src/session/meta_schema.ts";
import { readMeta, writeMeta } from "../../src/session/metadata.ts";
import { sessionPaths } from "../../src/session/state_dir.ts";
import { listSessions } from "../../src/session/status.ts";
import { renderSessionList } from "../../src/ui/status_view.ts";
import { createColors } from "../../src/ui/colors.ts";
import { plainMeta } from "../support/session_meta.ts";

function record(): Record<string, unknown> {
  return { ...plainMeta() };
}

Deno.test("validateSessionMeta accepts what codexmon writes and records of older versions", () => {
  const meta = record();
  assert.deepEqual(validateSessionMeta(meta), meta);
  const older = record();
  delete older.backend;
  delete older.codexStartTicks;
  delete older.readyAt;
  const read = validateSessionMeta(older);
  assert.equal(read.backend, "mcp-server");
  assert.equal(read.codexStartTicks, null);
});

Deno.test("validateSessionMeta names the first bad field", () => {
  const cases: [Record<string, unknown>, string][] = [
    [{ cancelled: null }, 'field "cancelled" must be a list, not null'],
    [
      { cancelled: [{ requestId: 1, at: "x", reason: "r" }] },
      'field "cancelled[0].at" must be a time in milliseconds since 1970, not "x"',
    ],
    [
      { supervisor: { pid: 0, pgid: 1, sid: 1, startTicks: null } },
      'field "supervisor.pid" must be a process id above 0, not 0',
    ],
    [
      { createdAt: "yesterday" },
      'field "createdAt" must be a time in milliseconds since 1970, not "yesterday"',
    ],
    [
      { startedAt: 1e20 },
      'field "startedAt" must be a time in milliseconds since 1970, not 100000000000000000000',
    ],
    [{ nextId: -1 }, 'field "nextId" must be a whole number of at least 0, not -1'],
    [{ format: 2 }, 'field "format" must be 1, not 2'],
    [{ backend: "exec" }, 'field "backend" must be "mcp-server" or "app-server", not "exec"'],
  ];
  for (const [change, message] of cases) {
    assert.throws(
      () => validateSessionMeta({ ...record(), ...change }),
      (error: unknown) => error instanceof MetaFieldError && error.message === message,
    );
  }
  assert.throws(() => validateSessionMeta([]), /field "\(the record\)" must be an object/);
});

Deno.test("a corrupt record is an error naming the file, and session list marks it among the others", async () => {
  const root = await Deno.makeTempDir({ prefix: "codexmon-meta-" });
  try {
    for (const name of ["alpha", "broken", "gamma"]) {
      const paths = sessionPaths(root, name);
      await Deno.mkdir(paths.dir);
      const meta = plainMeta({ name, cwd: root, codexVersion: "0.153.4" });
      meta.exit = { code: 0, signal: null, at: 2 };
      await writeMeta(paths, meta);
    }
    const broken = sessionPaths(root, "broken");
    const text = await Deno.readTextFile(broken.meta);
    await Deno.writeTextFile(broken.meta, text.replace('"cancelled": []', '"cancelled": null'));
    await assert.rejects(
      () => readMeta(broken),
      (error: Error) =>
        error.message ===
          `Cannot read session record "${
            join(root, "broken", "session.json")
          }": field "cancelled" must be a list, not null`,
    );
    const entries = await listSessions(root);
    assert.deepEqual(entries.map((entry) => [entry.name, entry.broken !== null]), [
      ["alpha", false],
      ["broken", true],
      ["gamma", false],
    ]);
    const lines = renderSessionList(entries, { colors: createColors(false), now: 3, width: 200 });
    assert.match(
      lines.find((line) => line.startsWith("broken")) ?? "",
      /broken: Cannot read session record .*"cancelled"/,
    );
    assert.match(lines.find((line) => line.startsWith("alpha")) ?? "", /dead \(exit code 0\)/);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
