import assert from "node:assert/strict";
import {
  buildLibrary,
  type CaptureSource,
  generateCapture,
  type GenerateOptions,
  parseSize,
  readCaptureSources,
  SHAPES,
  writeCaptureFile,
} from "../../bench/generate.ts";
import { UsageError } from "../../src/core/errors.ts";

const sources = await readCaptureSources();
const SIZE = 1_000_000;
const OPTIONS: GenerateOptions = { size: SIZE, seed: 7, maxChainsPerRun: 6 };

function generateInMemory(options: GenerateOptions, source = sources): Uint8Array {
  const chunks: Uint8Array[] = [];
  generateCapture(buildLibrary(source), (chunk) => chunks.push(chunk.slice()), options);
  const out = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

type Message = Record<string, unknown>;

interface Parsed {
  lines: string[];
  messages: (Message | undefined)[];
}

function parseLines(text: string): Parsed {
  assert.ok(text.endsWith("\n"), "the capture ends with a newline");
  const lines = text.slice(0, -1).split("\n");
  const messages = lines.map((line) => {
    try {
      return JSON.parse(line) as Message;
    } catch {
      return undefined;
    }
  });
  return { lines, messages };
}

function meta(message: Message): Message | undefined {
  if (message.method !== "codex/event") return undefined;
  return (message.params as Message)._meta as Message;
}

/** Every stderr line any source capture holds. */
function sourceTextLines(): Set<string> {
  const texts = new Set<string>();
  for (const source of sources) {
    for (const line of source.text.split("\n")) {
      if (line === "") continue;
      try {
        JSON.parse(line);
      } catch {
        texts.add(line);
      }
    }
  }
  return texts;
}

Deno.test("a generated capture of 1 MB", async (t) => {
  const tempDir = await Deno.makeTempDir({ prefix: "codexmon-generate-" });
  try {
    await checkGeneratedCapture(t, tempDir);
  } finally {
    await Deno.remove(tempDir, { recursive: true });
  }
});

async function checkGeneratedCapture(t: Deno.TestContext, tempDir: string): Promise<void> {
  const path = `${tempDir}/capture.jsonl`;
  const stats = await writeCaptureFile(path, OPTIONS);
  const { lines, messages } = parseLines(await Deno.readTextFile(path));

  await t.step(
    "generateCapture writes at least the requested size and reports it exactly",
    async () => {
      const size = (await Deno.stat(path)).size;
      assert.equal(stats.bytes, size);
      assert.ok(size >= SIZE, `${size} bytes is less than ${SIZE}`);
      assert.equal(stats.lines, lines.length);
    },
  );

  await t.step(
    "generateCapture keeps every JSON line valid and every text line a real stderr line",
    () => {
      const texts = sourceTextLines();
      let textLines = 0;
      messages.forEach((message, index) => {
        if (message !== undefined) return;
        textLines++;
        assert.ok(texts.has(lines[index]!), `line ${index + 1} is neither JSON nor real stderr`);
      });
      assert.equal(textLines, stats.textLines);
      assert.ok(textLines > 0, "stderr lines are mixed in");
      assert.ok(textLines < lines.length / 5, "most lines are JSON");
    },
  );

  await t.step(
    "generateCapture gives every request exactly one response, after all its lines",
    () => {
      const firstLine = new Map<string, number>();
      const lastLine = new Map<string, number>();
      const responses = new Map<string, number>();
      const elicitationOwners: { owner: string; line: number }[] = [];
      messages.forEach((message, index) => {
        if (message === undefined) return;
        const eventMeta = meta(message);
        if (eventMeta !== undefined) {
          const key = JSON.stringify(eventMeta.requestId);
          assert.ok(!responses.has(key), `request ${key} has an event after its response`);
          if (!firstLine.has(key)) firstLine.set(key, index);
          lastLine.set(key, index);
        } else if (message.method === "elicitation/create") {
          const owner = (message.params as Message).codex_mcp_tool_call_id;
          assert.equal(typeof owner, "string");
          elicitationOwners.push({ owner: owner as string, line: index });
        } else if (message.method === undefined) {
          const key = JSON.stringify(message.id);
          assert.ok(!responses.has(key), `id ${key} is answered twice`);
          responses.set(key, index);
        } else {
          assert.fail(`unexpected method ${String(message.method)}`);
        }
      });
      assert.equal(firstLine.size, stats.requests);
      for (const [key, last] of lastLine) {
        const response = responses.get(key);
        assert.ok(response !== undefined, `request ${key} has no response`);
        assert.ok(response > last, `the response of ${key} comes before its events`);
      }
      // an approval request belongs to a request whose response comes later
      assert.ok(elicitationOwners.length > 0, "approvals are included");
      const byText = new Map([...firstLine.keys()].map((key) => [String(JSON.parse(key)), key]));
      for (const { owner, line } of elicitationOwners) {
        const key = byText.get(owner);
        assert.ok(key !== undefined, `the approval at line ${line + 1} has no request ${owner}`);
        assert.ok(firstLine.get(key)! < line && responses.get(key)! > line);
      }
    },
  );

  await t.step("generateCapture interleaves requests and uses both number and string ids", () => {
    const open = new Set<string>();
    let maxOpen = 0;
    const kinds = new Set<string>();
    for (const message of messages) {
      if (message === undefined) continue;
      const eventMeta = meta(message);
      if (eventMeta !== undefined) {
        const key = JSON.stringify(eventMeta.requestId);
        kinds.add(typeof eventMeta.requestId);
        open.add(key);
        maxOpen = Math.max(maxOpen, open.size);
      } else if (message.method === undefined) {
        open.delete(JSON.stringify(message.id));
      }
    }
    assert.ok(maxOpen >= 2, "several requests are open at once");
    assert.deepEqual([...kinds].sort(), ["number", "string"]);
  });

  await t.step(
    "generateCapture mixes both Codex versions, each run starting like a real server",
    () => {
      const versions = new Set<string>();
      messages.forEach((message) => {
        const result = message?.result as Message | undefined;
        const serverInfo = result?.serverInfo as Message | undefined;
        if (serverInfo !== undefined) versions.add(String(serverInfo.version));
      });
      assert.deepEqual([...versions].sort(), ["0.153.4", "0.47.0"]);
      // 0.153.4 names its events differently; both vocabularies must be present
      const types = new Set(
        messages.map((message) => (message?.params as Message | undefined)?.msg as Message)
          .filter((msg) => msg !== undefined).map((msg) => String(msg.type)),
      );
      for (const type of ["agent_message_delta", "agent_message_content_delta", "item_completed"]) {
        assert.ok(types.has(type), `no ${type} event`);
      }
    },
  );

  await t.step(
    "generateCapture gives each new session a fresh thread id and keeps replies on it",
    () => {
      const fixtureIds = new Set<string>();
      for (const source of sources) {
        for (const match of source.text.matchAll(/"session_id":"([^"]+)"/g)) {
          fixtureIds.add(
            match[1]!,
          );
        }
      }
      const sessions = new Set<string>();
      const threadOfRequest = new Map<string, string>();
      for (const message of messages) {
        if (message === undefined) continue;
        const eventMeta = meta(message);
        if (eventMeta === undefined) continue;
        const msg = (message.params as Message).msg as Message;
        if (msg.type === "session_configured") {
          const session = String(msg.session_id);
          assert.ok(!fixtureIds.has(session), "a session id was copied from a fixture");
          assert.ok(!sessions.has(session), `session ${session} is configured twice`);
          sessions.add(session);
        }
        if (typeof eventMeta.threadId === "string") {
          const key = JSON.stringify(eventMeta.requestId);
          const known = threadOfRequest.get(key);
          assert.ok(known === undefined || known === eventMeta.threadId);
          threadOfRequest.set(key, eventMeta.threadId);
        }
      }
      assert.ok(sessions.size > 1);
      // a 0.153.4 codex-reply continues a thread configured by an earlier request
      const threads = [...threadOfRequest.values()];
      const replies = threads.length - new Set(threads).size;
      assert.ok(replies > 0, "no codex-reply request continues a thread");
      for (const thread of threads) {
        assert.ok(
          sessions.has(thread),
          `thread ${thread} never started`,
        );
      }
    },
  );

  await t.step("generateCapture is deterministic for a seed and changes with it", () => {
    const first = generateInMemory(OPTIONS);
    const again = generateInMemory(OPTIONS);
    const other = generateInMemory({ ...OPTIONS, seed: 8 });
    assert.deepEqual(first, again);
    assert.notDeepEqual(first, other);
  });

  await t.step("generateCapture writes the same bytes whatever the chunk size", async () => {
    // lines of 6 KB are longer than this buffer, so they go to the sink directly
    const small = generateInMemory({ ...OPTIONS, chunkSize: 1000 });
    assert.deepEqual(small, await Deno.readFile(path));
  });
}

Deno.test("the long shape replays turns of real captures to thousands of events per request", () => {
  const text = new TextDecoder().decode(
    generateInMemory({ ...SHAPES.long, size: 20_000_000, seed: 3, eventsPerRequest: 2000 }),
  );
  const { lines, messages } = parseLines(text);
  const events = new Map<unknown, number>();
  let responses = 0;
  messages.forEach((message, index) => {
    if (message === undefined) {
      assert.ok(sourceTextLines().has(lines[index]!), `line ${index + 1} is JSON or stderr`);
      return;
    }
    if ("result" in message) responses++;
    const requestId = meta(message)?.requestId;
    if (requestId === undefined) return;
    events.set(requestId, (events.get(requestId) ?? 0) + 1);
  });
  const counts = [...events.values()];
  assert.ok(counts.length >= 5, `${counts.length} requests`);
  // A request whose turn has a body of turn events reaches the wanted length.
  assert.ok(counts.filter((count) => count >= 2000).length * 2 >= counts.length, `${counts}`);
  assert.ok(responses >= counts.length);
  // The same seed and size without the shape give requests of captured length (~30 events).
  const short = parseLines(
    new TextDecoder().decode(generateInMemory({ size: 2_000_000, seed: 3 })),
  );
  const shortRequests = new Set(
    short.messages.map((message) => message && meta(message)?.requestId),
  );
  assert.ok(shortRequests.size * 200 > short.lines.length);
});

Deno.test("buildLibrary rejects a capture whose ids it cannot place", () => {
  const broken: CaptureSource = {
    version: "0.47.0",
    name: "broken.jsonl",
    // the response is keyed by a field name generate.ts does not know
    text: '{"jsonrpc":"2.0","method":"codex/event","params":{"_meta":{"requestId":1},' +
      '"id":"1","msg":{"type":"session_configured"}}}\n' +
      '{"result":{"content":[]},"jsonrpc":"2.0","id":1}\n',
  };
  assert.throws(() => buildLibrary([broken]), /Cannot find the id of a response/);
});

Deno.test("parseSize reads decimal and binary units and rejects other text", () => {
  assert.equal(parseSize("1GB"), 1_000_000_000);
  assert.equal(parseSize("300MB"), 300_000_000);
  assert.equal(parseSize("64KiB"), 65_536);
  assert.equal(parseSize("1.5 gib"), 1.5 * 1024 ** 3);
  assert.equal(parseSize("5000"), 5000);
  assert.throws(() => parseSize("lots"), UsageError);
  assert.throws(() => parseSize("1TB"), UsageError);
});

Deno.test("generate.ts runs from the command line", async () => {
  const tempDir = await Deno.makeTempDir({ prefix: "codexmon-generate-cli-" });
  const out = `${tempDir}/cli.jsonl`;
  const result = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-read",
      "--allow-write",
      new URL("../../bench/generate.ts", import.meta.url).pathname,
      "--size",
      "100KB",
      "--out",
      out,
      "--seed",
      "3",
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(result.code, 0, new TextDecoder().decode(result.stderr));
  assert.match(new TextDecoder().decode(result.stdout), /^wrote .*cli\.jsonl: 0\.\d MB/);
  assert.ok((await Deno.stat(out)).size >= 100_000);
  const bad = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-read",
      "--allow-write",
      "bench/generate.ts",
      "--size",
      "x",
      "--out",
      out,
    ],
    cwd: new URL("../../", import.meta.url).pathname,
    stderr: "piped",
  }).output();
  assert.equal(bad.code, 2);
  assert.match(new TextDecoder().decode(bad.stderr), /^error: Cannot read the size "x"/);
  await Deno.remove(tempDir, { recursive: true });
});

Deno.test("the bench scripts print their help without env access", async () => {
  for (const script of ["bench/generate.ts", "bench/run.ts"]) {
    const result = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-read", "--allow-write", "--allow-run", script, "--help"],
      cwd: new URL("../../", import.meta.url).pathname,
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(result.code, 0, `${script}: ${new TextDecoder().decode(result.stderr)}`);
    assert.match(new TextDecoder().decode(result.stdout), /^Usage: (generate|bench) \[options\]/);
  }
});
