/** The oracle of the complete-JSON checks: what `JSON.parse` says of bytes, decoded as the tool decodes them. */

const decoder = new TextDecoder();

/** True when the (non-fatal) UTF-8 decoding of `bytes` is one JSON value for `JSON.parse`. */
export function parsesAsJson(bytes: Uint8Array): boolean {
  try {
    JSON.parse(decoder.decode(bytes));
    return true;
  } catch {
    return false;
  }
}
