/** 0.153 reports `cwd` as a `file://` URI; codexmon shows plain paths. */

/** The path of a `file://` URI (percent escapes decoded); any other text is returned as is. */
export function fileUriToPath(value: string): string {
  if (!value.startsWith("file://")) return value;
  const rest = value.slice("file://".length);
  // `file:///p` has an empty host; `file://localhost/p` names one.
  const slash = rest.indexOf("/");
  const path = slash < 0 ? "/" : rest.slice(slash);
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
