import assert from "node:assert/strict";
import { CodexmonError } from "../../src/core/errors.ts";
import { EXIT } from "../../src/core/exit_codes.ts";
import { openForReading, statOrNull } from "../../src/io/open_file.ts";

const CAPTURE = new URL("../../fixtures/codex-0.153.4/shell.jsonl", import.meta.url).pathname;
const SETPRIV = "/usr/bin/setpriv";
const ROOT = new URL("../../", import.meta.url);
const OPEN_FILE_MODULE = new URL("src/io/open_file.ts", ROOT);
const NOBODY = ["--reuid=65534", "--regid=65534", "--clear-groups"];

/**
 * Copies `module` and the local modules it imports into `target` (same layout under the
 * checkout root, readable by everyone); returns the copy of `module`.
 */
async function copyModuleGraph(module: URL, target: string): Promise<URL> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", module.href],
    stdout: "piped",
  }).output();
  const info = JSON.parse(new TextDecoder().decode(output.stdout)) as {
    modules: { specifier: string }[];
  };
  for (const { specifier } of info.modules) {
    if (!specifier.startsWith(ROOT.href)) continue;
    const destination = new URL(specifier.slice(ROOT.href.length), `file://${target}/`);
    await Deno.mkdir(new URL(".", destination), { recursive: true });
    await Deno.copyFile(new URL(specifier), destination);
    await Deno.chmod(destination, 0o644);
  }
  await openUpFolders(target);
  return new URL(OPEN_FILE_MODULE.href.slice(ROOT.href.length), `file://${target}/`);
}

/** Makes `dir` and every folder below it enterable by everyone, whatever the umask. */
async function openUpFolders(dir: string): Promise<void> {
  await Deno.chmod(dir, 0o755);
  for await (const entry of Deno.readDir(dir)) {
    if (entry.isDirectory) await openUpFolders(`${dir}/${entry.name}`);
  }
}

/** True when uid 65534 can run this deno binary (not when it lies in a private home). */
async function runsAsNobody(): Promise<boolean> {
  const output = await new Deno.Command(SETPRIV, {
    args: [...NOBODY, Deno.execPath(), "--version"],
    stdout: "null",
    stderr: "null",
  }).output().catch(() => null);
  return output?.success ?? false;
}

function isCodexmonError(message: string) {
  return (error: unknown) => {
    assert.ok(error instanceof CodexmonError, String(error));
    assert.equal(error.message, message);
    assert.equal(error.exitCode, EXIT.runtime);
    return true;
  };
}

/** Root ignores file modes, so the denied open runs as user nobody through setpriv. */
async function canDropToNobody(): Promise<boolean> {
  if (Deno.uid() !== 0) return true;
  return (await statOrNull(SETPRIV)) !== null;
}

Deno.test("openForReading opens a capture and reports its size and modification time", async () => {
  const opened = await openForReading(CAPTURE);
  try {
    const info = await Deno.stat(CAPTURE);
    assert.equal(opened.size, info.size);
    assert.equal(opened.size, 38394);
    assert.equal(opened.mtime, info.mtime!.getTime());
    const start = new Uint8Array(8);
    assert.equal(await opened.file.read(start), 8);
    assert.equal(new TextDecoder().decode(start), "warning:");
  } finally {
    opened.file.close();
  }
});

Deno.test("openForReading reports a missing file as file not found with exit code 1", async () => {
  const path = `${CAPTURE}.does-not-exist`;
  await assert.rejects(
    openForReading(path),
    isCodexmonError(`Cannot read "${path}": file not found`),
  );
  const below = `${CAPTURE}/child.jsonl`;
  await assert.rejects(
    openForReading(below),
    isCodexmonError(`Cannot read "${below}": file not found`),
  );
});

Deno.test("openForReading refuses a directory", async () => {
  const directory = await Deno.makeTempDir({ prefix: "codexmon-open-" });
  try {
    await assert.rejects(
      openForReading(directory),
      isCodexmonError(`Cannot read "${directory}": is a directory`),
    );
  } finally {
    await Deno.remove(directory);
  }
});

Deno.test({
  name: "openForReading reports an unreadable file as permission denied",
  ignore: !(await canDropToNobody()),
  async fn() {
    const directory = await Deno.makeTempDir({ prefix: "codexmon-open-" });
    try {
      const path = `${directory}/secret.jsonl`;
      await Deno.writeTextFile(path, "{}\n");
      await Deno.chmod(path, 0o000);
      if (Deno.uid() !== 0) {
        await assert.rejects(
          openForReading(path),
          isCodexmonError(`Cannot read "${path}": permission denied`),
        );
        return;
      }
      await Deno.chmod(directory, 0o777);
      // the checkout may lie in a private home nobody cannot enter: import a copy from here
      const copied = await copyModuleGraph(OPEN_FILE_MODULE, `${directory}/code`);
      if (!(await runsAsNobody())) {
        console.log("skipped: uid 65534 cannot run this deno binary");
        return;
      }
      const module = copied.href;
      const script = `
        const { openForReading } = await import(${JSON.stringify(module)});
        try { await openForReading(${JSON.stringify(path)}); console.log("{}"); }
        catch (e) { console.log(JSON.stringify({ name: e.name, message: e.message, exitCode: e.exitCode })); }`;
      const output = await new Deno.Command(SETPRIV, {
        args: [
          ...NOBODY,
          Deno.execPath(),
          "eval",
          "--no-config",
          script,
        ],
        env: { DENO_DIR: `${directory}/deno-dir`, HOME: directory, NO_COLOR: "1" },
        clearEnv: true,
        stdout: "piped",
        stderr: "piped",
      }).output();
      const stderr = new TextDecoder().decode(output.stderr);
      assert.equal(output.code, 0, stderr);
      assert.deepEqual(JSON.parse(new TextDecoder().decode(output.stdout)), {
        name: "CodexmonError",
        message: `Cannot read "${path}": permission denied`,
        exitCode: EXIT.runtime,
      });
    } finally {
      await Deno.remove(directory, { recursive: true });
    }
  },
});

Deno.test("statOrNull gives null for a missing path and the file info otherwise", async () => {
  assert.equal(await statOrNull(`${CAPTURE}.does-not-exist`), null);
  const info = await statOrNull(CAPTURE);
  assert.ok(info !== null);
  assert.equal(info.isFile, true);
  assert.equal(info.size, 38394);
});
