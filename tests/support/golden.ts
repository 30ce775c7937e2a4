/** Golden files: compare an output with its reviewed copy, or rewrite it with UPDATE_GOLDEN=1. */

import assert from "node:assert/strict";

const ROOT = new URL("../../", import.meta.url);

/** Compares `actual` with the golden file at `path` (from the repository root), or writes it. */
export async function assertGolden(path: string, actual: string): Promise<void> {
  const url = new URL(path, ROOT);
  if (Deno.env.get("UPDATE_GOLDEN") === "1") {
    await Deno.mkdir(new URL(".", url), { recursive: true });
    await Deno.writeTextFile(url, actual);
    return;
  }
  let expected: string;
  try {
    expected = await Deno.readTextFile(url);
  } catch {
    throw new Error(`No golden output "${path}": run with UPDATE_GOLDEN=1 and review it`);
  }
  assert.equal(actual, expected, `${path} differs (UPDATE_GOLDEN=1 rewrites it)`);
}

/** One run's output as a golden text: stdout, then stderr (when any) and the exit code. */
export function transcript(run: { code: number; stdout: string; stderr: string }): string {
  const stderr = run.stderr === "" ? "" : `--- stderr\n${run.stderr}`;
  return `${run.stdout}${stderr}--- exit ${run.code}\n`;
}
