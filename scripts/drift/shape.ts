/**
 * The shape of the captures of one surface: how many lines of each kind, and for each kind
 * every field path seen with its JSON types. Paths name object keys joined by `.`; array
 * elements are `[]`; keys that are not names (file paths, ids used as keys) are `*`.
 */

/** The JSON type of a value, as the drift report names it. */
export type JsonType = "null" | "boolean" | "number" | "string" | "array" | "object";

/** Field path to the JSON types seen there. */
export type FieldTypes = Map<string, Set<JsonType>>;

/** What the captures of one surface hold. */
export interface SurfaceShape {
  /** Capture files of this surface (names relative to their folder). */
  files: string[];
  lines: number;
  /** Lines codexmon counted as JSON it does not understand (the Analyzer's `lines.other`). */
  unknownLines: number;
  /** Line kind to its count. */
  kinds: Map<string, number>;
  /** Line kind to its fields. */
  fields: Map<string, FieldTypes>;
}

/** Deeper fields are not listed: captures nest tool schemas and diffs far below what matters. */
const MAX_DEPTH = 8;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** An empty shape. */
export function emptyShape(): SurfaceShape {
  return { files: [], lines: 0, unknownLines: 0, kinds: new Map(), fields: new Map() };
}

/** Adds one line of `kind` (its parsed value; `undefined` for a text line) to `shape`. */
export function addLine(shape: SurfaceShape, line: { kind: string; value: unknown }): void {
  const { kind, value } = line;
  shape.lines++;
  shape.kinds.set(kind, (shape.kinds.get(kind) ?? 0) + 1);
  if (value === undefined) return;
  let fields = shape.fields.get(kind);
  if (!fields) shape.fields.set(kind, fields = new Map());
  walk(value, { path: "", depth: 0, fields });
}

/** The JSON type of `value`. */
export function jsonType(value: unknown): JsonType {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  const type = typeof value;
  if (type === "boolean" || type === "number" || type === "string") return type;
  return "object";
}

/** The path segment a key becomes. */
export function keySegment(key: string): string {
  return NAME.test(key) ? key : "*";
}

/** Where {@linkcode walk} is in a line. */
interface WalkPlace {
  path: string;
  depth: number;
  fields: FieldTypes;
}

function walk(value: unknown, place: WalkPlace): void {
  const { path, depth, fields } = place;
  if (path !== "") {
    let types = fields.get(path);
    if (!types) fields.set(path, types = new Set());
    types.add(jsonType(value));
  }
  if (depth >= MAX_DEPTH || typeof value !== "object" || value === null) return;
  if (Array.isArray(value)) {
    const inner = { path: `${path}[]`, depth: depth + 1, fields };
    for (const element of value) walk(element, inner);
    return;
  }
  for (const [key, child] of Object.entries(value)) {
    const childPath = path === "" ? keySegment(key) : `${path}.${keySegment(key)}`;
    walk(child, { path: childPath, depth: depth + 1, fields });
  }
}
