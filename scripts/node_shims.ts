/**
 * The few Node built-ins the bundle's every-command files use, written on Deno's own APIs.
 * `scripts/bundle.ts` points those files' `node:` imports here (`codexmon_node.js`), because
 * the first `node:` import makes Deno load its Node compatibility layer, which costs every
 * command about 20 ms of CPU before it can start. Each export behaves as Deno's `node:` module
 * does for POSIX paths (codexmon runs on Linux and macOS); tests/scripts/node_shims_test.ts
 * holds them to the real modules.
 *
 * @module
 */

const SLASH = 0x2f;
const DOT = 0x2e;

/** `node:path`'s `sep` on POSIX. */
export const sep = "/";
/** `node:path`'s `delimiter` on POSIX. */
export const delimiter = ":";

function requireString(value: unknown, name: string): asserts value is string {
  if (typeof value !== "string") {
    throw new TypeError(`The "${name}" argument must be of type string. Received ${typeof value}`);
  }
}

// Resolves "." and ".." segments of `path` and drops empty ones (Node's normalizeString).
function normalizeString(path: string, allowAboveRoot: boolean): string {
  let result = "";
  let lastSegmentLength = 0;
  let lastSlash = -1;
  let dots = 0;
  let code = 0;
  for (let i = 0; i <= path.length; ++i) {
    if (i < path.length) code = path.charCodeAt(i);
    else if (code === SLASH) break;
    else code = SLASH;
    if (code === SLASH) {
      if (lastSlash === i - 1 || dots === 1) {
        // An empty segment or ".": nothing to add.
      } else if (dots === 2) {
        if (
          result.length < 2 || lastSegmentLength !== 2 ||
          result.charCodeAt(result.length - 1) !== DOT ||
          result.charCodeAt(result.length - 2) !== DOT
        ) {
          if (result.length > 2) {
            const lastSlashIndex = result.lastIndexOf("/");
            if (lastSlashIndex === -1) {
              result = "";
              lastSegmentLength = 0;
            } else {
              result = result.slice(0, lastSlashIndex);
              lastSegmentLength = result.length - 1 - result.lastIndexOf("/");
            }
            lastSlash = i;
            dots = 0;
            continue;
          } else if (result.length !== 0) {
            result = "";
            lastSegmentLength = 0;
            lastSlash = i;
            dots = 0;
            continue;
          }
        }
        if (allowAboveRoot) {
          result += result.length > 0 ? "/.." : "..";
          lastSegmentLength = 2;
        }
      } else {
        const segment = path.slice(lastSlash + 1, i);
        result = result.length > 0 ? `${result}/${segment}` : segment;
        lastSegmentLength = i - lastSlash - 1;
      }
      lastSlash = i;
      dots = 0;
    } else if (code === DOT && dots !== -1) {
      ++dots;
    } else {
      dots = -1;
    }
  }
  return result;
}

/** `node:path`'s `resolve` on POSIX. */
export function resolve(...paths: string[]): string {
  let resolved = "";
  let absolute = false;
  for (let i = paths.length - 1; i >= -1 && !absolute; i--) {
    const path = i >= 0 ? paths[i] : Deno.cwd();
    requireString(path, `paths[${i}]`);
    if (path.length === 0) continue;
    resolved = `${path}/${resolved}`;
    absolute = path.charCodeAt(0) === SLASH;
  }
  resolved = normalizeString(resolved, !absolute);
  if (absolute) return `/${resolved}`;
  return resolved.length > 0 ? resolved : ".";
}

/** `node:path`'s `normalize` on POSIX. */
export function normalize(path: string): string {
  requireString(path, "path");
  if (path.length === 0) return ".";
  const absolute = path.charCodeAt(0) === SLASH;
  const trailingSlash = path.charCodeAt(path.length - 1) === SLASH;
  let result = normalizeString(path, !absolute);
  if (result.length === 0) {
    if (absolute) return "/";
    return trailingSlash ? "./" : ".";
  }
  if (trailingSlash) result += "/";
  return absolute ? `/${result}` : result;
}

/** `node:path`'s `join` on POSIX. */
export function join(...paths: string[]): string {
  const parts: string[] = [];
  for (const path of paths) {
    requireString(path, "path");
    if (path.length > 0) parts.push(path);
  }
  return parts.length === 0 ? "." : normalize(parts.join("/"));
}

/** `node:path`'s `isAbsolute` on POSIX. */
export function isAbsolute(path: string): boolean {
  requireString(path, "path");
  return path.length > 0 && path.charCodeAt(0) === SLASH;
}

/** `node:path`'s `dirname` on POSIX. */
export function dirname(path: string): string {
  requireString(path, "path");
  if (path.length === 0) return ".";
  const hasRoot = path.charCodeAt(0) === SLASH;
  let end = -1;
  let matchedSlash = true;
  for (let i = path.length - 1; i >= 1; --i) {
    if (path.charCodeAt(i) === SLASH) {
      if (!matchedSlash) {
        end = i;
        break;
      }
    } else {
      matchedSlash = false;
    }
  }
  if (end === -1) return hasRoot ? "/" : ".";
  if (hasRoot && end === 1) return "//";
  return path.slice(0, end);
}

/** `node:path`'s `basename` on POSIX. */
export function basename(path: string, suffix?: string): string {
  requireString(path, "path");
  if (suffix !== undefined) requireString(suffix, "ext");
  let start = 0;
  let end = -1;
  let matchedSlash = true;
  if (suffix !== undefined && suffix.length > 0 && suffix.length <= path.length) {
    if (suffix === path) return "";
    let suffixIndex = suffix.length - 1;
    let firstNonSlashEnd = -1;
    for (let i = path.length - 1; i >= 0; --i) {
      const code = path.charCodeAt(i);
      if (code === SLASH) {
        if (!matchedSlash) {
          start = i + 1;
          break;
        }
      } else {
        if (firstNonSlashEnd === -1) {
          matchedSlash = false;
          firstNonSlashEnd = i + 1;
        }
        if (suffixIndex >= 0) {
          if (code === suffix.charCodeAt(suffixIndex)) {
            if (--suffixIndex === -1) end = i;
          } else {
            suffixIndex = -1;
            end = firstNonSlashEnd;
          }
        }
      }
    }
    if (start === end) end = firstNonSlashEnd;
    else if (end === -1) end = path.length;
    return path.slice(start, end);
  }
  for (let i = path.length - 1; i >= 0; --i) {
    if (path.charCodeAt(i) === SLASH) {
      if (!matchedSlash) {
        start = i + 1;
        break;
      }
    } else if (end === -1) {
      matchedSlash = false;
      end = i + 1;
    }
  }
  if (end === -1) return "";
  return path.slice(start, end);
}

/** `node:path`'s `extname` on POSIX. */
export function extname(path: string): string {
  requireString(path, "path");
  let startDot = -1;
  let startPart = 0;
  let end = -1;
  let matchedSlash = true;
  // Dots seen in the last part: -1 means a character other than a dot came after one.
  let preDotState = 0;
  for (let i = path.length - 1; i >= 0; --i) {
    const code = path.charCodeAt(i);
    if (code === SLASH) {
      if (!matchedSlash) {
        startPart = i + 1;
        break;
      }
      continue;
    }
    if (end === -1) {
      matchedSlash = false;
      end = i + 1;
    }
    if (code === DOT) {
      if (startDot === -1) startDot = i;
      else if (preDotState !== 1) preDotState = 1;
    } else if (startDot !== -1) {
      preDotState = -1;
    }
  }
  if (
    startDot === -1 || end === -1 || preDotState === 0 ||
    (preDotState === 1 && startDot === end - 1 && startDot === startPart + 1)
  ) {
    return "";
  }
  return path.slice(startDot, end);
}

/** `node:path` as a default import (commander imports it so). */
export const nodePath = {
  sep,
  delimiter,
  resolve,
  normalize,
  join,
  isAbsolute,
  dirname,
  basename,
  extname,
};

/** `node:url`'s `fileURLToPath` on POSIX. */
export function fileURLToPath(url: string | URL): string {
  const parsed = typeof url === "string" ? new URL(url) : url;
  if (parsed.protocol !== "file:") throw new TypeError("The URL must be of scheme file");
  if (parsed.hostname !== "") throw new TypeError('File URL host must be "localhost" or empty');
  const pathname = parsed.pathname;
  for (let i = 0; i < pathname.length; i++) {
    if (
      pathname[i] === "%" && (pathname[i + 2] === "f" || pathname[i + 2] === "F") &&
      pathname[i + 1] === "2"
    ) {
      throw new TypeError("File URL path must not include encoded / characters");
    }
  }
  return decodeURIComponent(pathname);
}

// Node's pattern for terminal control sequences (lib/internal/util/inspect.js).
const CONTROL_SEQUENCE = new RegExp(
  "[\\u001B\\u009B][[\\]()#;?]*" +
    "(?:(?:(?:(?:;[-a-zA-Z\\d\\/#&.:=?%@~_]+)*" +
    "|[a-zA-Z\\d]+(?:;[-a-zA-Z\\d\\/#&.:=?%@~_]*)*)" +
    "?(?:\\u0007|\\u001B\\u005C|\\u009C))" +
    "|(?:(?:\\d{1,4}(?:;\\d{0,4})*)?[\\dA-PR-TZcf-nq-uy=><~]))",
  "g",
);

/** `node:util`'s `stripVTControlCharacters`. */
export function stripVTControlCharacters(text: string): string {
  requireString(text, "str");
  return text.replace(CONTROL_SEQUENCE, "");
}

type Listener = (...args: unknown[]) => unknown;

/**
 * The part of `node:events`' EventEmitter commander uses: listeners run in the order added,
 * with the emitter as `this`, on a copy of the list taken when the event is emitted.
 */
export class EventEmitter {
  #listeners = new Map<string | symbol, Listener[]>();

  /** Adds `listener` for `event`. */
  on(event: string | symbol, listener: Listener): this {
    const list = this.#listeners.get(event);
    if (list === undefined) this.#listeners.set(event, [listener]);
    else list.push(listener);
    return this;
  }

  /** Same as {@linkcode EventEmitter.on}. */
  addListener(event: string | symbol, listener: Listener): this {
    return this.on(event, listener);
  }

  /** Adds `listener` for the next `event` only. */
  once(event: string | symbol, listener: Listener): this {
    const once = (...args: unknown[]) => {
      this.off(event, once);
      return listener.apply(this, args);
    };
    return this.on(event, once);
  }

  /** Removes the last added `listener` of `event`. */
  off(event: string | symbol, listener: Listener): this {
    const list = this.#listeners.get(event);
    const index = list?.lastIndexOf(listener) ?? -1;
    if (index !== -1) list!.splice(index, 1);
    return this;
  }

  /** Same as {@linkcode EventEmitter.off}. */
  removeListener(event: string | symbol, listener: Listener): this {
    return this.off(event, listener);
  }

  /** Calls the listeners of `event`; an "error" nobody listens to is thrown, as Node does. */
  emit(event: string | symbol, ...args: unknown[]): boolean {
    const list = this.#listeners.get(event);
    if (list === undefined || list.length === 0) {
      if (event === "error") throw args[0] instanceof Error ? args[0] : new Error(String(args[0]));
      return false;
    }
    for (const listener of [...list]) listener.apply(this, args);
    return true;
  }

  /** How many listeners `event` has. */
  listenerCount(event: string | symbol): number {
    return this.#listeners.get(event)?.length ?? 0;
  }

  /** A copy of the listeners of `event`. */
  listeners(event: string | symbol): Listener[] {
    return [...(this.#listeners.get(event) ?? [])];
  }
}

function platform(): string {
  return Deno.build.os === "windows" ? "win32" : Deno.build.os;
}

function terminalStream(stream: typeof Deno.stdout) {
  return {
    get isTTY(): boolean {
      return stream.isTerminal();
    },
    // As Deno's `node:process` has it: the console's width, only when the stream is a terminal.
    get columns(): number | undefined {
      return stream.isTerminal() ? Deno.consoleSize().columns : undefined;
    },
    write(text: string): boolean {
      const bytes = new TextEncoder().encode(text);
      for (let done = 0; done < bytes.length;) done += stream.writeSync(bytes.subarray(done));
      return true;
    },
  };
}

/**
 * `node:process` as commander reads it: arguments, environment, exit, and the width and
 * TTY state of stdout and stderr for its help.
 */
export const nodeProcess = {
  get argv(): string[] {
    return [Deno.execPath(), Deno.mainModule, ...Deno.args];
  },
  execArgv: [] as string[],
  versions: { deno: Deno.version.deno } as Record<string, string>,
  get platform(): string {
    return platform();
  },
  get env(): Record<string, string> {
    return Deno.env.toObject();
  },
  exitCode: undefined as number | undefined,
  exit(code?: number): never {
    Deno.exit(code ?? nodeProcess.exitCode ?? 0);
  },
  on(): void {
    // Signals are only listened to for executable subcommands, which codexmon has none of.
  },
  stdout: terminalStream(Deno.stdout),
  stderr: terminalStream(Deno.stderr),
};
