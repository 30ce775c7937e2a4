/** The drift between the shapes of one surface in two sets of captures. */

import type { FieldTypes, JsonType, SurfaceShape } from "./shape.ts";

/** A line kind that appeared or vanished, with its line count on the side that has it. */
export interface KindChange {
  kind: string;
  lines: number;
}

/** A field added to or removed from a line kind that both sides have. */
export interface FieldChange {
  kind: string;
  path: string;
  types: JsonType[];
  /** True when codexmon's analysis of the old captures changes without this field. */
  needed: boolean;
}

/** A field whose JSON types differ between the sides. */
export interface TypeChange {
  kind: string;
  path: string;
  old: JsonType[];
  new: JsonType[];
  /**
   * True when the field gained a type and codexmon's analysis of the old captures changes
   * without it.
   */
  needed: boolean;
}

/** Files and lines of one side of a surface. */
export interface SideSummary {
  files: number;
  lines: number;
  unknownLines: number;
}

/** Everything that changed on one surface. */
export interface SurfaceDrift {
  surface: string;
  old: SideSummary | null;
  new: SideSummary | null;
  kindsAdded: KindChange[];
  kindsRemoved: KindChange[];
  fieldsAdded: FieldChange[];
  fieldsRemoved: FieldChange[];
  typesChanged: TypeChange[];
}

/** Tells whether codexmon reads `path` of lines of `kind` (see needed.ts). */
export type NeededCheck = (kind: string, path: string) => boolean;

/** The two sides of a surface and how to tell a needed field. */
export interface SurfaceSides {
  old: SurfaceShape | null;
  new: SurfaceShape | null;
  isNeeded: NeededCheck;
}

/** Compares one surface; either side may be missing (a surface that appeared or vanished). */
export function compareSurface(surface: string, sides: SurfaceSides): SurfaceDrift {
  const { old: before, new: after, isNeeded } = sides;
  const drift: SurfaceDrift = {
    surface,
    old: before && summary(before),
    new: after && summary(after),
    kindsAdded: [],
    kindsRemoved: [],
    fieldsAdded: [],
    fieldsRemoved: [],
    typesChanged: [],
  };
  const oldKinds = before?.kinds ?? new Map<string, number>();
  const newKinds = after?.kinds ?? new Map<string, number>();
  for (const [kind, lines] of newKinds) {
    if (!oldKinds.has(kind)) drift.kindsAdded.push({ kind, lines });
  }
  for (const [kind, lines] of oldKinds) {
    if (!newKinds.has(kind)) drift.kindsRemoved.push({ kind, lines });
  }
  if (!before || !after) return sort(drift);
  for (const kind of oldKinds.keys()) {
    if (!newKinds.has(kind)) continue;
    const oldFields = before.fields.get(kind) ?? new Map();
    const newFields = after.fields.get(kind) ?? new Map();
    for (const path of topmostMissing(newFields, oldFields)) {
      drift.fieldsAdded.push({ kind, path, types: sorted(newFields.get(path)), needed: false });
    }
    for (const path of topmostMissing(oldFields, newFields)) {
      const types = sorted(oldFields.get(path));
      drift.fieldsRemoved.push({ kind, path, types, needed: isNeeded(kind, path) });
    }
    for (const [path, oldTypes] of oldFields) {
      const newTypes = newFields.get(path);
      if (!newTypes || sameSet(oldTypes, newTypes)) continue;
      // a field that only lost types (null|object → object) holds nothing codexmon has not read
      const widened = [...newTypes].some((type) => !oldTypes.has(type));
      drift.typesChanged.push({
        kind,
        path,
        old: sorted(oldTypes),
        new: sorted(newTypes),
        needed: widened && isNeeded(kind, path),
      });
    }
  }
  return sort(drift);
}

/** True when codexmon reads every new line and needs nothing that changed. */
export function readsEverything(drifts: readonly SurfaceDrift[]): boolean {
  return drifts.every((drift) =>
    (drift.new?.unknownLines ?? 0) === 0 &&
    !drift.fieldsRemoved.some((change) => change.needed) &&
    !drift.typesChanged.some((change) => change.needed)
  );
}

function summary(shape: SurfaceShape): SideSummary {
  return { files: shape.files.length, lines: shape.lines, unknownLines: shape.unknownLines };
}

/** Paths of `from` missing in `other` whose parent is not missing too. */
function topmostMissing(from: FieldTypes, other: FieldTypes): string[] {
  const missing = [...from.keys()].filter((path) => !other.has(path));
  const set = new Set(missing);
  return missing.filter((path) => !set.has(parentOf(path)));
}

function parentOf(path: string): string {
  if (path.endsWith("[]")) return path.slice(0, -2);
  const dot = path.lastIndexOf(".");
  return dot < 0 ? "" : path.slice(0, dot);
}

function sorted(types: Set<JsonType> | undefined): JsonType[] {
  return [...(types ?? [])].sort();
}

function sameSet<T>(a: Set<T>, b: Set<T>): boolean {
  return a.size === b.size && [...a].every((value) => b.has(value));
}

function sort(drift: SurfaceDrift): SurfaceDrift {
  const byKind = (a: KindChange, b: KindChange) => a.kind.localeCompare(b.kind);
  const byPath = (a: { kind: string; path: string }, b: { kind: string; path: string }) =>
    a.kind.localeCompare(b.kind) || a.path.localeCompare(b.path);
  drift.kindsAdded.sort(byKind);
  drift.kindsRemoved.sort(byKind);
  drift.fieldsAdded.sort(byPath);
  drift.fieldsRemoved.sort(byPath);
  drift.typesChanged.sort(byPath);
  return drift;
}
