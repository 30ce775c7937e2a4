/**
 * Environment variables a child process can always be started with: an environment string
 * holding a NUL cannot be passed at all, and Linux refuses one longer than 128 KiB
 * (`Argument list too long`). So NULs are dropped and long values clipped with a marker;
 * the full payload goes to the command's stdin.
 *
 * @module
 */

/** Most bytes of one variable's value: a quarter of the kernel's 128 KiB limit per string. */
export const MAX_VALUE_BYTES = 32 * 1024;
/** Most bytes of all the variables together, names included, under the same 128 KiB. */
export const MAX_TOTAL_BYTES = 96 * 1024;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The marker that ends a clipped value. */
export function clipMarker(droppedBytes: number): string {
  return `…[clipped ${droppedBytes} bytes; the full alert is on stdin]`;
}

/** `text` in at most `maxBytes` of UTF-8, cut on a character boundary and marked when cut. */
function clipToBytes(text: string, maxBytes: number): string {
  const bytes = encoder.encode(text);
  if (bytes.length <= maxBytes) return text;
  let keep = Math.max(0, maxBytes - encoder.encode(clipMarker(bytes.length)).length);
  // Never cut inside a character: back up to the first byte of one.
  while (keep > 0 && ((bytes[keep] as number) & 0xc0) === 0x80) keep--;
  return decoder.decode(bytes.subarray(0, keep)) + clipMarker(bytes.length - keep);
}

/**
 * `variables` made safe to start a process with: NULs removed, each value clipped to
 * {@linkcode MAX_VALUE_BYTES}, and the biggest values clipped further while all of them
 * together pass {@linkcode MAX_TOTAL_BYTES}.
 */
export function safeEnvironment(variables: Record<string, string>): Record<string, string> {
  const safe: Record<string, string> = {};
  for (const [name, value] of Object.entries(variables)) {
    safe[name.replaceAll("\0", "")] = clipToBytes(value.replaceAll("\0", ""), MAX_VALUE_BYTES);
  }
  const size = (name: string) =>
    encoder.encode(name).length + encoder.encode(safe[name]!).length + 2;
  let total = Object.keys(safe).reduce((sum, name) => sum + size(name), 0);
  const biggestFirst = Object.keys(safe).sort((a, b) => size(b) - size(a));
  for (const name of biggestFirst) {
    if (total <= MAX_TOTAL_BYTES) break;
    const before = size(name);
    const room = Math.max(0, encoder.encode(safe[name]!).length - (total - MAX_TOTAL_BYTES));
    safe[name] = clipToBytes(safe[name]!, room);
    total -= before - size(name);
  }
  return safe;
}
