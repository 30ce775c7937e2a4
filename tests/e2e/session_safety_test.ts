/**
 * Session safety against real Codex 0.153.4 and the mock Responses API: private modes, a
 * planted buffer never replayed, folders of another user refused, process identity recorded
 * under the bundle's own permissions, one start per name, and one answer about a dead server.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { buildBundle } from "../support/bundle.ts";
import { requireCodex } from "../support/codex.ts";
import type { MockResponse, RecordedRequest } from "../support/mock_responses_server.ts";
import { eventually, SessionHarness, sessionProcessIds } from "../support/session_harness.ts";
import { readCmdline } from "../../src/session/processes.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

function respond(request: RecordedRequest): MockResponse {
  const prompt = request.lastUserText ?? "";
  if (prompt.includes("stall")) return { kind: "stall" };
  return { kind: "stream", items: [{ type: "message", text: `Answer to: ${prompt}` }] };
}

async function withHarness(fn: (harness: SessionHarness) => Promise<void>): Promise<void> {
  const harness = await SessionHarness.create({
    codex: requireCodex("0.153.4"),
    model: "gpt-5.2",
    respond,
  });
  try {
    await fn(harness);
  } finally {
    await harness.cleanup();
  }
}

function mode(path: string): number {
  return (Deno.lstatSync(path).mode ?? 0) & 0o777;
}

/** A second user that can be switched to (root with setpriv), or null with the reason. */
function secondUser(): { run: string[] } | string {
  if (Deno.uid() !== 0) return "not root: cannot act as a second user";
  const probe = new Deno.Command("setpriv", {
    args: ["--reuid=65534", "--regid=65534", "--clear-groups", "true"],
  }).outputSync();
  if (!probe.success) return "setpriv cannot switch to uid 65534";
  return { run: ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] };
}

Deno.test("session start keeps the state private and archives a buffer it did not create", () =>
  withHarness(async (harness) => {
    const dir = harness.sessionDir();
    // a session folder others may read (an older codexmon made it so) is tightened to 0700
    await Deno.mkdir(harness.stateDir, { mode: 0o700 });
    await Deno.mkdir(dir, { mode: 0o755 });
    await Deno.chmod(dir, 0o755);
    const planted =
      '{"jsonrpc":"2.0","id":99,"method":"tools/call","params":{"name":"codex","arguments":{"prompt":"planted","sandbox":"danger-full-access"}}}\n';
    await Deno.writeTextFile(join(dir, "buffer.jsonl"), planted);
    const started = await harness.session("start", "--codex", harness.codex);
    assert.equal(started.code, 0, started.stderr);
    assert.match(started.stderr, /moved the previous run to .*previous/);
    const buffer = await Deno.readTextFile(join(dir, "buffer.jsonl"));
    assert.ok(!buffer.includes("planted"), "the planted request is not in the new buffer");
    assert.ok(
      harness.mock.requests.every((request) => !request.userTexts.includes("planted")),
      "Codex never saw the planted prompt",
    );
    assert.equal(mode(harness.stateDir), 0o700);
    assert.equal(mode(dir), 0o700);
    for (const name of ["buffer.jsonl", "output.json", "output.json.times.jsonl", "session.json"]) {
      assert.equal(mode(join(dir, name)), 0o600, `${name} is 0600`);
    }
    assert.equal(mode(join(dir, "supervisor.log")), 0o600);
  }));

Deno.test("session start refuses a state folder others can write, naming the path and the fix", () =>
  withHarness(async (harness) => {
    await Deno.mkdir(harness.stateDir);
    await Deno.chmod(harness.stateDir, 0o1777);
    const run = await harness.session("start", "--codex", harness.codex);
    assert.equal(run.code, 1);
    assert.equal(
      run.stderr.trim(),
      `error: Refusing the state folder "${harness.stateDir}": group or others can write it (mode 0777); fix it with: chmod 700 ${harness.stateDir}`,
    );
    assert.deepEqual([...Deno.readDirSync(harness.stateDir)], [], "nothing was created");
  }));

Deno.test("session start refuses a session folder another user planted in a shared folder", async (t) => {
  const user = secondUser();
  if (typeof user === "string") {
    console.log(`skipped: ${user}`);
    return;
  }
  await withHarness(async (harness) => {
    // a shared folder like /tmp: everyone may create in it
    await Deno.mkdir(harness.stateDir);
    await Deno.chmod(harness.stateDir, 0o1777);
    await Deno.chmod(harness.root, 0o755);
    const dir = harness.sessionDir();
    const plant = new Deno.Command(user.run[0]!, {
      args: [
        ...user.run.slice(1),
        "sh",
        "-c",
        'mkdir -m 700 "$1" && printf "%s\\n" "$2" > "$1/buffer.jsonl"',
        "sh",
        dir,
        '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{}}',
      ],
    }).outputSync();
    assert.ok(plant.success, new TextDecoder().decode(plant.stderr));
    await t.step("as a state folder others can write", async () => {
      const run = await harness.session("start", "--codex", harness.codex);
      assert.equal(run.code, 1);
      assert.match(
        run.stderr,
        /^error: Refusing the state folder ".*": group or others can write it/,
      );
    });
    await Deno.chmod(harness.stateDir, 0o700);
    await t.step("as a session folder of another user", async () => {
      const run = await harness.session("start", "--codex", harness.codex);
      assert.equal(run.code, 1);
      assert.equal(
        run.stderr.trim(),
        `error: Refusing the session folder "${dir}": it is owned by uid 65534, not by you (uid 0); remove it or choose another --state-dir`,
      );
      assert.deepEqual(supervisorsOf(dir), [], "no supervisor was started");
      assert.deepEqual([...Deno.readDirSync(dir)].map((entry) => entry.name), ["buffer.jsonl"]);
    });
  });
});

Deno.test("the bundle records start times and command lines it can check", () =>
  withHarness(async (harness) => {
    const bundle = join(harness.root, "codexmon.js");
    await buildBundle(bundle);
    // run through its shebang: exactly the permissions users get
    const started = await harness.sessionWith([bundle], "start", "--codex", harness.codex);
    assert.equal(started.code, 0, started.stderr);
    const meta = JSON.parse(
      await Deno.readTextFile(join(harness.sessionDir(), "session.json")),
    );
    assert.equal(typeof meta.supervisor.startTicks, "number", "the supervisor's start time");
    assert.equal(typeof meta.codexStartTicks, "number", "Codex's start time");
    assert.ok(readCmdline(meta.supervisor.pid)?.includes("_supervise"));
    const status = await harness.sessionWith([bundle], "status", "--json");
    assert.equal(JSON.parse(status.stdout).state, "alive");
    const stopped = await harness.sessionWith([bundle], "stop");
    assert.equal(stopped.code, 0, stopped.stderr);
    assert.deepEqual(sessionProcessIds(meta.supervisor.pid), []);
  }));

Deno.test("five concurrent starts of one name: one wins, the others say already starting, nothing unrecorded", () =>
  withHarness(async (harness) => {
    const runs = await Promise.all(
      Array.from({ length: 5 }, () => harness.session("start", "--codex", harness.codex)),
    );
    const winners = runs.filter((run) => run.code === 0);
    assert.equal(winners.length, 1, runs.map((run) => run.stderr).join("\n"));
    for (const run of runs.filter((run) => run.code !== 0)) {
      assert.equal(run.code, 1);
      assert.match(
        run.stderr,
        /^error: Cannot start session "default": it is already (starting|running)/,
      );
    }
    const meta = await harness.meta();
    const supervisors = supervisorsOf(harness.sessionDir());
    assert.deepEqual(
      supervisors,
      [meta.supervisor?.pid],
      "the only supervisor is the recorded one",
    );
    const stopped = await harness.session("stop");
    assert.equal(stopped.code, 0, stopped.stderr);
    assert.deepEqual(supervisorsOf(harness.sessionDir()), []);
  }));

Deno.test("a Codex killed under a running request gets one answer from status, wait, parse and stop", () =>
  withHarness(async (harness) => {
    const started = await harness.session("start", "--codex", harness.codex);
    assert.equal(started.code, 0, started.stderr);
    const sent = await harness.session("send", "please stall");
    assert.equal(sent.code, 0, sent.stderr);
    const id = sent.stdout.trim();
    await eventually(() => harness.mock.requests.length > 0 ? true : undefined, {
      message: "Codex asked",
    });
    const meta = await harness.meta();
    Deno.kill(meta.codexPid!, "SIGKILL");
    await eventually(async () => (await harness.meta()).exit ? true : undefined, {
      message: "exit recorded",
    });

    const status = JSON.parse((await harness.session("status", "--json")).stdout);
    assert.equal(status.state, "dead (killed by SIGKILL)");
    assert.equal(status.requests[0].state, "no_response");

    const wait = await harness.session("wait", id, "--timeout", "30");
    assert.equal(wait.code, 6);
    assert.match(wait.stderr, /got no response: .*: Codex was killed by SIGKILL/);

    const output = join(harness.sessionDir(), "output.json");
    const parse = await harness.run(["parse", output, "--json"]);
    const request = parse.stdout.split("\n").filter(Boolean).map((line) => JSON.parse(line))
      .find((object) => object.requestId === Number(id));
    assert.equal(request?.state, "no_response", parse.stdout);
    assert.match(parse.stderr, /session "default" is not running \(Codex was killed by SIGKILL\)/);
    const stuck = await harness.run(["parse", output, "--stuck"]);
    assert.match(stuck.stdout, /STUCK no response: the server exited before answering/);
    assert.equal(stuck.code, 3);

    const watch = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-all", join(ROOT, "main.ts"), "watch", output, "--from-start", "--json"]
        .concat(["--exit-on", "done,failed"]),
      env: harness.env(),
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      signal: AbortSignal.timeout(30_000),
    }).output();
    const watched = new TextDecoder().decode(watch.stdout).split("\n").filter(Boolean)
      .map((line) => JSON.parse(line));
    assert.ok(
      watched.some((object) =>
        object.kind === "server_gone" && object.reason === "Codex was killed by SIGKILL"
      ),
      JSON.stringify(watched),
    );
    assert.ok(
      watched.some((object) => object.type === "alert" && object.state === "no_response"),
      JSON.stringify(watched),
    );
    assert.equal(watch.code, 6, "watch --exit-on failed ends on the request without a response");

    const stopped = await harness.session("stop");
    assert.equal(stopped.code, 0, stopped.stderr);
    assert.equal((await harness.meta()).exit?.signal, "SIGKILL", "stop keeps the real signal");
  }));

function supervisorsOf(dir: string): number[] {
  const found: number[] = [];
  for (const entry of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    const cmdline = readCmdline(Number(entry.name));
    if (cmdline?.includes("_supervise") && cmdline.includes(dir)) found.push(Number(entry.name));
  }
  return found;
}
