/** The documentation stays readable: a short README, narrow tables, working links, no copies. */

import assert from "node:assert/strict";

const ROOT = new URL("../", import.meta.url);

function markdownFiles(): string[] {
  const docs = [...Deno.readDirSync(new URL("docs/", ROOT))]
    .filter((entry) => entry.name.endsWith(".md"))
    .map((entry) => `docs/${entry.name}`);
  return ["README.md", "bench/README.md", ...docs.sort()];
}

function read(path: string): string {
  return Deno.readTextFileSync(new URL(path, ROOT));
}

// GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes.
function anchors(text: string): Set<string> {
  const out = new Set<string>();
  let fenced = false;
  for (const line of text.split("\n")) {
    if (line.startsWith("```")) fenced = !fenced;
    const heading = !fenced && line.match(/^#{1,6} (.*)$/);
    if (!heading) continue;
    out.add(
      heading[1]!.toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, "").replaceAll(" ", "-"),
    );
  }
  return out;
}

Deno.test("README.md reads in five minutes: at most 250 lines", () => {
  const lines = read("README.md").trimEnd().split("\n").length;
  assert.ok(lines <= 250, `${lines} lines`);
});

Deno.test("every table in README.md, docs/ and bench/README.md fits 100 columns", () => {
  for (const path of markdownFiles()) {
    read(path).split("\n").forEach((line, index) => {
      if (line.startsWith("|")) {
        assert.ok([...line].length <= 100, `${path}:${index + 1} is ${[...line].length} wide`);
      }
    });
  }
});

Deno.test("every relative link of the docs points at a file and heading that exist", () => {
  let links = 0;
  for (const path of markdownFiles()) {
    const text = read(path);
    for (const match of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = match[1]!;
      if (/^[a-z]+:/.test(target)) continue;
      const [file, anchor] = target.split("#");
      const resolved = file === "" ? new URL(path, ROOT) : new URL(file!, new URL(path, ROOT));
      assert.ok(Deno.statSync(resolved).isFile, `${path}: ${target}`);
      if (anchor !== undefined) {
        assert.ok(anchors(Deno.readTextFileSync(resolved)).has(anchor), `${path}: ${target}`);
      }
      links += 1;
    }
  }
  assert.ok(links > 20, `${links} links`);
});

Deno.test("every page in docs/ can be reached from README.md by its links", () => {
  const reached = new Set(["README.md"]);
  const queue = ["README.md"];
  while (queue.length > 0) {
    const path = queue.shift()!;
    for (const match of read(path).matchAll(/\]\(([^)#\s]+\.md)(#[^)]*)?\)/g)) {
      const target = new URL(match[1]!, new URL(path, ROOT)).pathname.slice(ROOT.pathname.length);
      if (!reached.has(target)) {
        reached.add(target);
        queue.push(target);
      }
    }
  }
  for (const path of markdownFiles()) assert.ok(reached.has(path), `${path} is not linked`);
});

Deno.test("no paragraph of the docs is written in two places", () => {
  const seen = new Map<string, string>();
  for (const path of markdownFiles()) {
    for (const paragraph of read(path).split(/\n\s*\n/)) {
      const text = paragraph.replace(/\s+/g, " ").trim();
      if (text.length < 160 || text.startsWith("|") || text.startsWith("```")) continue;
      const other = seen.get(text);
      assert.equal(other, undefined, `${path} repeats a paragraph of ${other}: ${text}`);
      seen.set(text, path);
    }
  }
});
