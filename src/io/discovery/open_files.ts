/**
 * Which files live processes hold open, from `/proc/PID/fd` (Linux). Only the processes the
 * user may inspect are seen, which covers the user's own Codex processes. Synchronous: a
 * machine has thousands of descriptors and each awaited call costs more than the read.
 *
 * @module
 */

/** The set of open file paths, or `null` where `/proc` cannot tell (not Linux). */
export function openFilePaths(): Set<string> | null {
  if (Deno.build.os !== "linux") return null;
  const paths = new Set<string>();
  const self = String(Deno.pid);
  let entries: Deno.DirEntry[];
  try {
    entries = [...Deno.readDirSync("/proc")];
  } catch {
    return null;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry.name) || entry.name === self) continue;
    const dir = `/proc/${entry.name}/fd`;
    try {
      for (const fd of Deno.readDirSync(dir)) {
        try {
          const target = Deno.readLinkSync(`${dir}/${fd.name}`);
          if (target.startsWith("/")) paths.add(target);
        } catch {
          // the descriptor closed meanwhile
        }
      }
    } catch {
      // another user's process, or it ended
    }
  }
  return paths;
}
