import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { appendLine, appendRequest } from "../../src/session/buffer.ts";
import { toolCallLine } from "../../src/session/messages.ts";
import { newSessionMeta, readMeta, writeMeta } from "../../src/session/metadata.ts";
import { type SessionPaths, sessionPaths } from "../../src/session/state_dir.ts";

const WORKER = fileURLToPath(new URL("../support/append_request_worker.ts", import.meta.url));

async function makeSession(): Promise<{ stateDir: string; paths: SessionPaths }> {
  const stateDir = await Deno.makeTempDir({ prefix: "codexmon-buffer-" });
  const paths = sessionPaths(stateDir, "default");
  await Deno.mkdir(paths.dir);
  await Deno.writeTextFile(paths.buffer, "");
  await writeMeta(
    paths,
    newSessionMeta({
      name: "default",
      codexPath: "/bin/true",
      codexArgs: [],
      cwd: stateDir,
      codexVersion: null,
      createdAt: 0,
    }),
  );
  return { stateDir, paths };
}

function bufferLines(text: string): Record<string, unknown>[] {
  assert.ok(text.endsWith("\n"), "the buffer ends with a newline");
  return text.slice(0, -1).split("\n").map((line) => JSON.parse(line));
}

Deno.test("appendRequest hands out ids above those a user appended by hand", async () => {
  const { stateDir, paths } = await makeSession();
  try {
    const first = await appendRequest(
      paths,
      (id) => toolCallLine(id, { tool: "codex", arguments: { prompt: "a" } }),
    );
    assert.equal(first.id, 0);
    await appendLine(paths.buffer, '{"jsonrpc":"2.0","id":41,"method":"tools/call","params":{}}');
    const second = await appendRequest(
      paths,
      (id) => toolCallLine(id, { tool: "codex", arguments: { prompt: "b" } }),
    );
    assert.equal(second.id, 42);
    const third = await appendRequest(
      paths,
      (id) => toolCallLine(id, { tool: "codex", arguments: { prompt: "c" } }),
    );
    assert.equal(third.id, 43);
    const lines = bufferLines(await Deno.readTextFile(paths.buffer));
    assert.deepEqual(lines.map((line) => line.id), [0, 41, 42, 43]);
    assert.equal((await readMeta(paths))?.nextId, 44);
  } finally {
    await Deno.remove(stateDir, { recursive: true });
  }
});

Deno.test("appendLine only appends and refuses a message spanning several lines", async () => {
  const { stateDir, paths } = await makeSession();
  try {
    await Deno.writeTextFile(paths.buffer, "kept by the user\n");
    await appendLine(paths.buffer, "{}");
    assert.equal(await Deno.readTextFile(paths.buffer), "kept by the user\n{}\n");
    await assert.rejects(() => appendLine(paths.buffer, "{}\n{}"), /spans several lines/);
    await assert.rejects(() => appendLine(`${paths.dir}/missing.jsonl`, "{}"), /file not found/);
  } finally {
    await Deno.remove(stateDir, { recursive: true });
  }
});

Deno.test("50 concurrent send processes get 50 distinct ids and write 50 intact lines", async () => {
  const { stateDir, paths } = await makeSession();
  try {
    // a long prompt makes each line bigger than a pipe buffer page, so torn writes would show
    const prompt = "x".repeat(8000);
    const runs = await Promise.all(
      Array.from({ length: 50 }, () =>
        new Deno.Command(Deno.execPath(), {
          args: ["run", "--allow-all", WORKER, stateDir, "default", prompt],
          stdout: "piped",
          stderr: "piped",
        }).output()),
    );
    const ids = runs.map((run) => {
      assert.equal(run.code, 0, new TextDecoder().decode(run.stderr));
      return Number(new TextDecoder().decode(run.stdout).trim());
    });
    assert.equal(new Set(ids).size, 50);
    assert.deepEqual(
      [...ids].sort((a, b) => a - b),
      Array.from({ length: 50 }, (_, index) => index),
    );
    const lines = bufferLines(await Deno.readTextFile(paths.buffer));
    assert.equal(lines.length, 50);
    assert.deepEqual(
      lines.map((line) => line.id).sort((a, b) => Number(a) - Number(b)),
      [...ids].sort((a, b) => a - b),
    );
    for (const line of lines) {
      assert.equal((line.params as { arguments: { prompt: string } }).arguments.prompt, prompt);
    }
  } finally {
    await Deno.remove(stateDir, { recursive: true });
  }
});

Deno.test("concurrent appendRequest calls in one process also get distinct ids", async () => {
  const { stateDir, paths } = await makeSession();
  try {
    const results = await Promise.all(
      Array.from(
        { length: 20 },
        (_, index) =>
          appendRequest(
            paths,
            (id) => toolCallLine(id, { tool: "codex", arguments: { prompt: `p${index}` } }),
          ),
      ),
    );
    assert.equal(new Set(results.map((result) => result.id)).size, 20);
    assert.equal(bufferLines(await Deno.readTextFile(paths.buffer)).length, 20);
  } finally {
    await Deno.remove(stateDir, { recursive: true });
  }
});
