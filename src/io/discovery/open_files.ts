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
    // Deno reads /proc only with every permission: ask find(1), as the session module asks cat.
    return openFilePathsByFind(self);
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

/** The same set from one `find` over `/proc/PID/fd`, or `null` when it cannot run. */
function openFilePathsByFind(self: string): Set<string> | null {
  let output: Deno.CommandOutput;
  try {
    output = new Deno.Command("find", {
      args: [
        "/proc",
        "-mindepth",
        "3",
        "-maxdepth",
        "3",
        "-path",
        "/proc/[0-9]*/fd/*",
        "-type",
        "l",
        "-printf",
        "%h\\t%l\\0",
      ],
      stdin: "null",
      stdout: "piped",
      stderr: "null",
    }).outputSync();
  } catch {
    return null;
  }
  // find exits 1 when a process vanished or is not ours; what it printed still stands.
  const ownDir = `/proc/${self}/fd`;
  const paths = new Set<string>();
  for (const record of new TextDecoder().decode(output.stdout).split("\0")) {
    const tab = record.indexOf("\t");
    if (tab < 0 || record.slice(0, tab) === ownDir) continue;
    const target = record.slice(tab + 1);
    if (target.startsWith("/")) paths.add(target);
  }
  return paths;
}
