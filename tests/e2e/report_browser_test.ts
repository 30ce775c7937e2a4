/**
 * `codexmon report` pages checked in a real headless Chromium: for a real capture of each
 * format the page loads without console errors or network requests, lists every request with
 * the state `parse --json` gives, draws a timeline and charts with a size, and its filters
 * hide what they should; the live page (`--serve`) shows a line appended to the file.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import type { Page } from "puppeteer-core";
import { hasChromium, launchBrowser, openPage, type TestBrowser } from "../support/browser.ts";
import { ndjson, runCli } from "../support/cli.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const MAIN = join(ROOT, "main.ts");

/** One real capture per format (two for mcp-server: 0.47 and 0.153), with what they show. */
const CAPTURES = [
  "fixtures/codex-0.47.0/stuck-loop.jsonl",
  "fixtures/codex-0.47.0/http-429.jsonl",
  "fixtures/codex-0.153.4/interleaved.jsonl",
  "fixtures/codex-0.169.0/app-server-shell.jsonl",
  "fixtures/codex-0.169.0/app-server-approval.jsonl",
  "fixtures/codex-0.169.0/exec-shell.jsonl",
  "fixtures/codex-0.169.0/rollout-multi-turn.jsonl",
];

interface RequestFact {
  key: string;
  state: string;
}

/** Keys and states of every request, from `parse --json` (the text view's own analysis). */
async function parsedRequests(path: string): Promise<RequestFact[]> {
  const run = await runCli(["parse", path, "--json"]);
  return ndjson(run.stdout)
    .filter((object) => object.type === "request")
    .map((object) => ({ key: String(object.key), state: String(object.state) }));
}

async function writeReport(files: string[], output: string): Promise<void> {
  const run = await runCli(["report", ...files, "-o", output]);
  assert.equal(run.code, 0, run.stderr);
}

async function box(page: Page, selector: string): Promise<{ width: number; height: number }> {
  const size = await page.$eval(selector, (node) => {
    const rect = node.getBoundingClientRect();
    return { width: rect.width, height: rect.height };
  });
  return size;
}

async function visibleKeys(page: Page, selector: string): Promise<string[]> {
  return await page.$$eval(
    selector,
    (nodes) =>
      nodes.filter((node) => !node.hasAttribute("hidden")).map((node) =>
        node.getAttribute("data-key") ?? ""
      ),
  );
}

async function setFilter(page: Page, id: string, value: string): Promise<void> {
  await page.$eval(`#${id}`, (node, text) => {
    (node as unknown as { value: string }).value = text as string;
    node.dispatchEvent(new Event("input", { bubbles: true }));
  }, value);
}

const chromium = hasChromium();

Deno.test({
  name: "report pages of every format load cleanly in Chromium and show every request",
  ignore: !chromium,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const dir = await Deno.makeTempDir({ prefix: "codexmon-report-" });
    let browser: TestBrowser | null = null;
    try {
      browser = await launchBrowser();
      for (const capture of CAPTURES) {
        await t.step(capture, async () => {
          const path = join(ROOT, capture);
          const output = join(dir, `${capture.replaceAll("/", "_")}.html`);
          await writeReport([path], output);
          const url = `file://${output}`;
          const { page, log } = await openPage(browser!.browser, url, url);
          try {
            assert.deepEqual(log.consoleErrors, []);
            assert.deepEqual(log.network, []);
            const expected = await parsedRequests(path);
            assert.ok(expected.length > 0);
            const rows = await page.$$eval(
              "table.overview tr.row",
              (nodes) =>
                nodes.map((node) => ({
                  key: node.getAttribute("data-key") ?? "",
                  state: node.getAttribute("data-state") ?? "",
                  text: node.textContent ?? "",
                })),
            );
            assert.deepEqual(
              rows.map(({ key, state }) => ({ key, state })).sort(byKey),
              expected.sort(byKey),
            );
            for (const row of rows) {
              assert.ok(row.text.includes(row.key));
              assert.ok(row.text.includes(row.state.replace("_", " ")));
            }
            const timeline = await box(page, "svg.timeline");
            assert.ok(timeline.width > 100 && timeline.height > 10, JSON.stringify(timeline));
            const lanes = await page.$$eval("svg.timeline g.lane", (nodes) => nodes.length);
            assert.equal(lanes, expected.length);
            const charts = await page.$$eval(
              "figure.chart svg",
              (nodes) => nodes.map((node) => node.getBoundingClientRect().width),
            );
            assert.equal(charts.length, 3);
            for (const width of charts) assert.ok(width > 100);
          } finally {
            await page.close();
          }
        });
      }
    } finally {
      await browser?.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
});

function byKey(a: RequestFact, b: RequestFact): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

Deno.test({
  name: "report filters hide requests of other states, kinds and texts",
  ignore: !chromium,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "codexmon-report-" });
    let browser: TestBrowser | null = null;
    try {
      browser = await launchBrowser();
      // Two files: interleaved (two completed requests, one runs a command), http-429 (two failed).
      const interleaved = join(ROOT, "fixtures/codex-0.153.4/interleaved.jsonl");
      const failing = join(ROOT, "fixtures/codex-0.47.0/http-429.jsonl");
      const output = join(dir, "two.html");
      await writeReport([interleaved, failing], output);
      const url = `file://${output}`;
      const { page, log } = await openPage(browser.browser, url, url);
      assert.deepEqual(log.consoleErrors, []);
      const all = await visibleKeys(page, "details.request");
      assert.equal(all.length, 4);

      await setFilter(page, "filter-state", "failed");
      const failed = await page.$$eval(
        "details.request",
        (nodes) =>
          nodes.filter((node) => !node.hasAttribute("hidden")).map((node) =>
            node.getAttribute("data-state")
          ),
      );
      assert.deepEqual(failed, ["failed", "failed"]);
      const rowsShown = await visibleKeys(page, "tr.row");
      assert.equal(rowsShown.length, 2);
      await setFilter(page, "filter-state", "");

      await setFilter(page, "filter-kind", "command");
      const withCommands = await page.$$eval(
        "details.request",
        (nodes) =>
          nodes.filter((node) => !node.hasAttribute("hidden")).map((node) =>
            node.querySelectorAll(".item:not([hidden])").length
          ),
      );
      // Only the interleaved request that ran a command stays, with its command items only.
      assert.equal(withCommands.length, 1);
      const kinds = await page.$$eval(
        "details.request:not([hidden]) .item:not([hidden])",
        (nodes) => nodes.map((node) => node.getAttribute("data-kind")),
      );
      assert.ok(kinds.length > 0 && kinds.every((kind) => kind === "command"), String(kinds));
      await setFilter(page, "filter-kind", "");

      await setFilter(page, "filter-text", "no text like this anywhere");
      assert.deepEqual(await visibleKeys(page, "details.request"), []);
      assert.deepEqual(await visibleKeys(page, "tr.row"), []);
      await setFilter(page, "filter-text", "");
      assert.equal((await visibleKeys(page, "details.request")).length, 4);
    } finally {
      await browser?.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "the live report shows a line appended to the file within a second",
  ignore: !chromium,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "codexmon-report-" });
    const source = (await Deno.readTextFile(join(ROOT, "fixtures/codex-0.47.0/simple.jsonl")))
      .split("\n").filter((line) => line !== "");
    // The lines before `task_complete`: request 1 is still running.
    const endIndex = source.findIndex((line) => line.includes('"type":"task_complete"'));
    assert.ok(endIndex > 0);
    const file = join(dir, "live.jsonl");
    await Deno.writeTextFile(file, source.slice(0, endIndex).join("\n") + "\n");
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-all", MAIN, "report", "--serve", file],
      stdout: "piped",
      stderr: "piped",
      stdin: "null",
      env: { NO_COLOR: "1" },
    }).spawn();
    let browser: TestBrowser | null = null;
    try {
      const url = await firstLine(child.stdout);
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
      browser = await launchBrowser();
      const { page, log } = await openPage(browser.browser, url, url);
      await page.waitForSelector('tr.row[data-key="1"]', { timeout: 5000 });
      assert.equal(
        await page.$eval('tr.row[data-key="1"]', (node) => node.getAttribute("data-state")),
        "running",
      );
      // The page subscribed to the events before the line is appended.
      await page.waitForFunction('document.body.getAttribute("data-live-connected") === "1"', {
        timeout: 5000,
      });
      await Deno.writeTextFile(file, (source[endIndex] as string) + "\n", { append: true });
      await page.waitForSelector('tr.row[data-key="1"][data-state="completed"]', {
        timeout: 1000,
      });
      assert.deepEqual(log.consoleErrors, []);
      assert.deepEqual(log.network.filter((target) => !target.startsWith(url)), []);
    } finally {
      await browser?.close();
      child.kill("SIGTERM");
      const status = await child.status;
      await child.stderr.cancel();
      await Deno.remove(dir, { recursive: true });
      assert.equal(status.code, 0);
    }
  },
});

/** The first line of a stream; the rest of it is drained in the background. */
async function firstLine(stream: ReadableStream<Uint8Array>): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  const reader = stream.getReader();
  while (!text.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  (async () => {
    while (!(await reader.read()).done) { /* drain */ }
  })();
  return text.split("\n")[0] ?? "";
}
