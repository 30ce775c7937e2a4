/**
 * Which files live processes hold open, from `/proc/PID/fd` (Linux). Only the processes the
 * user may inspect are seen, which covers the user's own Codex processes.
 *
 * @module
 */

/** The set of open file paths, or `null` where `/proc` cannot tell (not Linux). */
export async function openFilePaths(): Promise<Set<string> | null> {
  if (Deno.build.os !== "linux") return null;
  const paths = new Set<string>();
  let entries: AsyncIterable<Deno.DirEntry>;
  try {
    entries = Deno.readDir("/proc");
  } catch {
    return null;
  }
  const pids: string[] = [];
  try {
    for await (const entry of entries) {
      if (/^\d+$/.test(entry.name)) pids.push(entry.name);
    }
  } catch {
    return null;
  }
  const self = String(Deno.pid);
  await Promise.all(pids.map(async (pid) => {
    if (pid === self) return;
    const dir = `/proc/${pid}/fd`;
    try {
      for await (const fd of Deno.readDir(dir)) {
        try {
          const target = await Deno.readLink(`${dir}/${fd.name}`);
          if (target.startsWith("/")) paths.add(target);
        } catch {
          // the fd closed meanwhile
        }
      }
    } catch {
      // another user's process, or it ended
    }
  }));
  return paths;
}
