/** Fixture files for the reader tests: every `.jsonl` under `fixtures/`. */

/** The repository's `fixtures/` folder. */
export const FIXTURES = new URL("../../fixtures/", import.meta.url);

/** Every `.jsonl` file under `directory` (default fixtures/), real captures and crafted files alike. */
export async function listJsonlFiles(directory: URL = FIXTURES): Promise<URL[]> {
  const files: URL[] = [];
  for await (const entry of Deno.readDir(directory)) {
    if (entry.isDirectory) {
      files.push(...await listJsonlFiles(new URL(`${entry.name}/`, directory)));
    } else if (entry.name.endsWith(".jsonl")) files.push(new URL(entry.name, directory));
  }
  return files.sort((a, b) => a.href.localeCompare(b.href));
}
