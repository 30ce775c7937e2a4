/**
 * Private state: folders 0700 and files 0600 whatever the umask, never opened through a
 * symbolic link, never trusted when another user owns them or can write them. Deno has no
 * `O_NOFOLLOW`, so a file is checked with `lstat`, created with `O_EXCL` (which never follows
 * a link), and compared by device and inode with what was opened.
 */

import { dirname, join } from "node:path";
import { CodexmonError } from "../core/errors.ts";

/** Mode of every folder codexmon creates. */
export const PRIVATE_DIR_MODE = 0o700;

/** Mode of every file codexmon creates. */
export const PRIVATE_FILE_MODE = 0o600;

const GROUP_OTHER_WRITE = 0o022;
const GROUP_OTHER_ANY = 0o077;

let cachedUid: number | null = null;

/** The user codexmon runs as (`Deno.uid()` needs --allow-sys; `id -u` works under --allow-run). */
export function currentUid(): number {
  if (cachedUid !== null) return cachedUid;
  try {
    const uid = Deno.uid();
    if (uid !== null) return cachedUid = uid;
  } catch {
    // not granted: ask id(1)
  }
  const output = new Deno.Command("id", { args: ["-u"], stdin: "null", stderr: "null" })
    .outputSync();
  const uid = Number(new TextDecoder().decode(output.stdout).trim());
  if (!output.success || !Number.isInteger(uid)) {
    throw new CodexmonError("Cannot tell which user runs codexmon: `id -u` failed");
  }
  return cachedUid = uid;
}

/** Options for {@linkcode ensurePrivateDir}. */
export interface PrivateDirOptions {
  /** What the folder is, for messages ("state folder", "session folder"). */
  what: string;
  /** Set an existing folder the user owns that others can read to 0700 (folders codexmon owns). */
  tighten?: boolean;
}

/**
 * Creates `path` (and missing parents) with mode 0700, or checks the folder that is there:
 * a real folder (a link only when the user owns it and it leads to a safe folder), owned by
 * the user, not writable by group or others. Throws a clear error naming the fix otherwise.
 */
export function ensurePrivateDir(path: string, options: PrivateDirOptions): void {
  const info = lstatOrNull(path);
  if (info === null) {
    const parent = dirname(path);
    if (parent !== path && lstatOrNull(parent) === null) {
      Deno.mkdirSync(parent, { recursive: true });
    }
    try {
      Deno.mkdirSync(path, { mode: PRIVATE_DIR_MODE });
      // mkdir's mode goes through the umask; set it exactly
      Deno.chmodSync(path, PRIVATE_DIR_MODE);
      return;
    } catch (error) {
      if (!(error instanceof Deno.errors.AlreadyExists)) {
        throw new CodexmonError(`Cannot create the ${options.what} "${path}": ${describe(error)}`, {
          cause: error,
        });
      }
    }
  }
  checkPrivateDir(path, options);
  if (options.tighten && ((Deno.statSync(path).mode ?? 0) & GROUP_OTHER_ANY) !== 0) {
    Deno.chmodSync(path, PRIVATE_DIR_MODE);
  }
}

/** Throws unless `path` is a folder the user owns that group and others cannot write. */
export function checkPrivateDir(path: string, options: PrivateDirOptions): void {
  const uid = currentUid();
  const link = lstatOrNull(path);
  if (link === null) {
    throw new CodexmonError(`Cannot use the ${options.what} "${path}": it does not exist`);
  }
  if (link.isSymlink && link.uid !== uid) {
    throw new CodexmonError(
      `Refusing the ${options.what} "${path}": it is a symbolic link owned by uid ${link.uid}, not by you (uid ${uid}); remove it or choose another --state-dir`,
    );
  }
  const info = link.isSymlink ? statOrNull(path) : link;
  if (info === null || !info.isDirectory) {
    throw new CodexmonError(
      `Refusing the ${options.what} "${path}": it is not a folder; remove it or choose another --state-dir`,
    );
  }
  if (info.uid !== uid) {
    throw new CodexmonError(
      `Refusing the ${options.what} "${path}": it is owned by uid ${info.uid}, not by you (uid ${uid}); remove it or choose another --state-dir`,
    );
  }
  const mode = (info.mode ?? 0) & 0o777;
  if ((mode & GROUP_OTHER_WRITE) !== 0) {
    throw new CodexmonError(
      `Refusing the ${options.what} "${path}": group or others can write it (mode ${
        mode.toString(8).padStart(4, "0")
      }); fix it with: chmod 700 ${path}`,
    );
  }
}

/** Options for {@linkcode openPrivateFile}. */
export interface OpenPrivateOptions {
  read?: boolean;
  append?: boolean;
  write?: boolean;
  /** Create the file (mode 0600) when it is missing. */
  create?: boolean;
}

/**
 * Opens `path` without following a symbolic link: a missing file is created exclusively with
 * mode 0600; an existing one must be a regular file the user owns, and the file opened must be
 * the one `lstat` saw. A file readable by others is set to 0600.
 */
export function openPrivateFile(path: string, options: OpenPrivateOptions): Deno.FsFile {
  const access = {
    read: options.read ?? false,
    append: options.append ?? false,
    write: options.write ?? false,
  };
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const before = lstatOrNull(path);
    if (before === null) {
      if (!options.create) {
        throw new CodexmonError(`Cannot open "${path}": file not found`, {
          cause: new Deno.errors.NotFound(path),
        });
      }
      try {
        // O_CREAT|O_EXCL fails on any existing name, a dangling link included
        return Deno.openSync(path, {
          ...access,
          write: access.write || !access.append,
          createNew: true,
          mode: PRIVATE_FILE_MODE,
        });
      } catch (error) {
        if (error instanceof Deno.errors.AlreadyExists) continue; // appeared meanwhile: check it
        throw new CodexmonError(`Cannot create "${path}": ${describe(error)}`, { cause: error });
      }
    }
    checkRegularOwned(path, before);
    let file: Deno.FsFile;
    try {
      file = Deno.openSync(path, access);
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) continue;
      throw new CodexmonError(`Cannot open "${path}": ${describe(error)}`, { cause: error });
    }
    const opened = file.statSync();
    if (opened.dev !== before.dev || opened.ino !== before.ino) {
      file.close();
      throw new CodexmonError(
        `Refusing "${path}": it was replaced while being opened; check who else writes this folder`,
      );
    }
    if (((opened.mode ?? 0) & GROUP_OTHER_ANY) !== 0) Deno.chmodSync(path, PRIVATE_FILE_MODE);
    return file;
  }
  throw new CodexmonError(`Refusing "${path}": it keeps changing while being opened`);
}

/** Async form of {@linkcode openPrivateFile} for callers that await. */
export function openPrivateFileAsync(
  path: string,
  options: OpenPrivateOptions,
): Promise<Deno.FsFile> {
  return Promise.resolve().then(() => openPrivateFile(path, options));
}

/** Creates a new file 0600 under an unpredictable name in `dir`, exclusively; returns its path. */
export function createPrivateTemp(
  dir: string,
  prefix: string,
): { path: string; file: Deno.FsFile } {
  for (let attempt = 0; attempt < 10; attempt += 1) {
    const random = crypto.getRandomValues(new Uint8Array(12));
    const suffix = Array.from(random, (byte) => byte.toString(16).padStart(2, "0")).join("");
    const path = join(dir, `${prefix}.${suffix}.tmp`);
    try {
      const file = Deno.openSync(path, {
        write: true,
        createNew: true,
        mode: PRIVATE_FILE_MODE,
      });
      return { path, file };
    } catch (error) {
      if (!(error instanceof Deno.errors.AlreadyExists)) {
        throw new CodexmonError(`Cannot create "${path}": ${describe(error)}`, { cause: error });
      }
    }
  }
  throw new CodexmonError(`Cannot create a temporary file in "${dir}": every name was taken`);
}

/** Writes `text` to `path` whole: a private temporary file, synced, renamed over it. */
export async function writePrivateFileAtomic(path: string, text: string): Promise<void> {
  const existing = lstatOrNull(path);
  if (existing !== null) checkRegularOwned(path, existing);
  const { path: temporary, file } = createPrivateTemp(dirname(path), basenameOf(path));
  try {
    const bytes = new TextEncoder().encode(text);
    let written = 0;
    while (written < bytes.length) written += await file.write(bytes.subarray(written));
  } catch (error) {
    file.close();
    await Deno.remove(temporary).catch(() => {});
    throw error;
  }
  file.close();
  await Deno.rename(temporary, path);
}

function checkRegularOwned(path: string, info: Deno.FileInfo): void {
  if (info.isSymlink) {
    throw new CodexmonError(
      `Refusing "${path}": it is a symbolic link (codexmon never follows links in its state folder); remove it`,
    );
  }
  if (!info.isFile) {
    throw new CodexmonError(`Refusing "${path}": it is not a regular file; remove it`);
  }
  const uid = currentUid();
  if (info.uid !== uid) {
    throw new CodexmonError(
      `Refusing "${path}": it is owned by uid ${info.uid}, not by you (uid ${uid}); remove it`,
    );
  }
}

function basenameOf(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

function lstatOrNull(path: string): Deno.FileInfo | null {
  try {
    return Deno.lstatSync(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw new CodexmonError(`Cannot read "${path}": ${describe(error)}`, { cause: error });
  }
}

function statOrNull(path: string): Deno.FileInfo | null {
  try {
    return Deno.statSync(path);
  } catch {
    return null;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
