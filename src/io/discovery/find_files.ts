/** Finding session files: the rollout tree of a Codex home, and files or globs given by name. */

import { join, resolve } from "node:path";

/** The rollout folder of a Codex home. */
export function sessionsDir(codexHome: string): string {
  return join(codexHome, "sessions");
}

/**
 * The `.jsonl` files under `dir`, recursively (what ccusage reads too). Symlinks are not
 * followed. An unreadable folder below `dir` is counted in `skipped`, not thrown; a missing or
 * unreadable `dir` rejects (async for that).
 */
// deno-lint-ignore require-await
export async function findJsonlFiles(dir: string): Promise<{ files: string[]; skipped: number }> {
  return findJsonlFilesSync(dir);
}

/**
 * {@linkcode findJsonlFiles}, synchronously: a folder is listed in one call, where awaiting
 * each entry of a home's 10,000 cost several times the listing itself.
 */
export function findJsonlFilesSync(dir: string): { files: string[]; skipped: number } {
  const files: string[] = [];
  let skipped = 0;
  function walk(folder: string): void {
    const children: string[] = [];
    // Paths here are normalized (`sessionsDir`, `realPath`): a plain `/` joins a name.
    const prefix = folder.endsWith("/") ? folder : `${folder}/`;
    try {
      for (const entry of Deno.readDirSync(folder)) {
        const path = prefix + entry.name;
        if (entry.isDirectory) children.push(path);
        else if (entry.isFile && entry.name.endsWith(".jsonl")) files.push(path);
      }
    } catch (error) {
      if (folder === dir) throw error;
      skipped += 1;
      return;
    }
    for (const child of children) walk(child);
  }
  walk(dir);
  return { files, skipped };
}

const GLOB_CHARS = /[*?[]/;

/** True when `pattern` holds glob characters. */
export function isGlob(pattern: string): boolean {
  return GLOB_CHARS.test(pattern);
}

/** `**` any folders, `*` any name part, `?` one character, `[...]` a class; as a RegExp. */
export function globToRegExp(pattern: string): RegExp {
  let source = "";
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!;
    if (char === "*" && pattern[i + 1] === "*") {
      const slash = pattern[i + 2] === "/";
      source += slash ? "(?:.*/)?" : ".*";
      i += slash ? 2 : 1;
    } else if (char === "*") source += "[^/]*";
    else if (char === "?") source += "[^/]";
    else if (char === "[") {
      const close = pattern.indexOf("]", i + 1);
      if (close === -1) source += "\\[";
      else {
        source += `[${pattern.slice(i + 1, close).replace(/^!/, "^").replace(/\\/g, "\\\\")}]`;
        i = close;
      }
    } else source += char.replace(/[.+^${}()|\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`);
}

/** The files a glob names, sorted, searched from its fixed leading folders. */
export async function expandGlob(pattern: string, cwd: string): Promise<string[]> {
  const absolute = resolve(cwd, pattern);
  const parts = absolute.split("/");
  const firstGlob = parts.findIndex((part) => isGlob(part));
  const base = parts.slice(0, firstGlob).join("/") || "/";
  const matcher = globToRegExp(absolute);
  const found: string[] = [];
  async function walk(folder: string): Promise<void> {
    let entries: Deno.DirEntry[];
    try {
      entries = await Array.fromAsync(Deno.readDir(folder));
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(folder, entry.name);
      if (entry.isDirectory) await walk(path);
      else if (entry.isFile && matcher.test(path)) found.push(path);
    }
  }
  await walk(base);
  return found.sort();
}
