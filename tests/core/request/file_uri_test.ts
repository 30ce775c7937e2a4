import assert from "node:assert/strict";
import { fileUriToPath } from "../../../src/core/request/file_uri.ts";

Deno.test("fileUriToPath turns 0.153 file:// URIs into paths", () => {
  assert.equal(fileUriToPath("file:///home/demo/project"), "/home/demo/project");
  assert.equal(fileUriToPath("file://localhost/tmp/a%20b"), "/tmp/a b");
  assert.equal(fileUriToPath("file:///bad%zz"), "/bad%zz");
});

Deno.test("fileUriToPath leaves plain paths alone", () => {
  assert.equal(fileUriToPath("/home/demo/project"), "/home/demo/project");
});
