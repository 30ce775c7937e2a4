import assert from "node:assert/strict";
import { ndjson, runCli } from "../support/cli.ts";
import { jsonLines } from "../support/captures.ts";
import { APP_SERVER_CODEX_VERSIONS } from "../support/codex.ts";

function summaryOf(objects: Record<string, unknown>[]): Record<string, unknown> {
  const summary = objects.find((object) => object.type === "summary");
  assert.ok(summary);
  return summary;
}

for (const version of APP_SERVER_CODEX_VERSIONS) {
  const DIR = `fixtures/codex-${version}`;

  Deno.test(`parse detects codex exec --json output and reads its turn, command and usage (Codex ${version})`, async () => {
    const file = `${DIR}/exec-shell.jsonl`;
    const objects = ndjson((await runCli(["parse", "--json", file])).stdout);
    assert.equal(summaryOf(objects).format, "exec-json");
    const [turn, ...rest] = objects.filter((object) => object.type === "request");
    assert.equal(rest.length, 0);
    const lines = jsonLines(file);
    const message = lines.map((line) => line.item as Record<string, unknown> | undefined)
      .find((item) => item?.type === "agent_message");
    const usage = lines.find((line) => line.type === "turn.completed")?.usage as Record<
      string,
      number
    >;
    assert.equal(turn?.state, "completed");
    assert.equal(turn?.finalMessage, message?.text);
    const tokens = turn?.tokens as Record<string, number>;
    assert.equal(tokens.input, usage.input_tokens);
    assert.equal(tokens.output, usage.output_tokens);
    const commands = turn?.commands as { exitCode: number; command: string[] }[];
    assert.deepEqual(commands.map((command) => command.exitCode), [2]);
  });

  Deno.test(`parse detects app-server output and groups it by turn with each turn's answer (Codex ${version})`, async () => {
    const file = `${DIR}/app-server-multi-turn.jsonl`;
    const objects = ndjson((await runCli(["parse", "--json", file])).stdout);
    assert.equal(summaryOf(objects).format, "app-server");
    assert.equal(summaryOf(objects).codexVersion, version);
    const turns = objects.filter((object) => object.type === "request");
    const answers = jsonLines(file)
      .filter((line) => line.method === "item/completed")
      .map((line) => (line.params as { item: Record<string, unknown> }).item)
      .filter((item) => item.type === "agentMessage")
      .map((item) => item.text);
    assert.equal(turns.length, 2);
    assert.deepEqual(turns.map((turn) => turn.finalMessage), answers);
    assert.ok(turns.every((turn) => turn.state === "completed"));
    assert.equal(turns[0]?.threadId, turns[1]?.threadId);
  });

  Deno.test(`parse reads rollout files with their timestamps as line times (Codex ${version})`, async () => {
    const file = `${DIR}/rollout-multi-turn.jsonl`;
    const objects = ndjson((await runCli(["parse", "--json", file])).stdout);
    assert.equal(summaryOf(objects).format, "rollout");
    const turns = objects.filter((object) => object.type === "request");
    assert.equal(turns.length, 2);
    const stamps = jsonLines(file).map((line) => Date.parse(line.timestamp as string));
    for (const turn of turns) {
      assert.ok(typeof turn.firstTime === "number" && stamps.includes(turn.firstTime));
      assert.ok((turn.lastTime as number) >= (turn.firstTime as number));
    }
  });

  Deno.test(`parse fails the turn of a model that keeps answering HTTP 500 in every format (Codex ${version})`, async () => {
    for (const name of ["app-server-http-500", "exec-http-500", "rollout-http-500"]) {
      const objects = ndjson((await runCli(["parse", "--json", `${DIR}/${name}.jsonl`])).stdout);
      const turns = objects.filter((object) => object.type === "request");
      assert.ok(turns.length >= 1, name);
      assert.equal(turns.at(-1)?.state, "failed", name);
    }
  });

  Deno.test(`parse --format forces a format instead of detecting it (Codex ${version})`, async () => {
    const file = `${DIR}/exec-shell.jsonl`;
    const forced = ndjson(
      (await runCli(["parse", "--json", "--format", "mcp-server", file])).stdout,
    );
    assert.equal(summaryOf(forced).format, "mcp-server");
    assert.equal(forced.filter((object) => object.type === "request").length, 0);
    await assert.rejects(() => runCli(["parse", "--format", "bogus", file]));
  });

  Deno.test(`parse --stuck reports nothing stuck on a healthy app-server capture (Codex ${version})`, async () => {
    const run = await runCli(["parse", "--stuck", `${DIR}/app-server-multi-turn.jsonl`]);
    assert.equal(run.code, 0, run.stdout);
  });
}
