/**
 * Keeps the layout true (`deno task check` runs it). Fails, naming each offence, when:
 *
 * - folders import each other in a cycle (a unit is `src/core/NAME/` or `src/NAME/`, with its
 *   subfolders);
 * - a file of `src/core/` touches I/O, the clock or the console (`Deno.*`, `node:*`, `fetch`,
 *   `Date.now`, `console.*`) or imports from outside `src/core/`;
 * - an import reaches past a `mod.ts` face into a folder it is not part of, or a file imports its
 *   own folder's face (which invites module cycles);
 * - a folder of `src/` that others import has no `mod.ts` face (a subfolder's own face is public
 *   too);
 * - a folder of `tests/` with unit tests is missing from the `test:unit` task.
 *
 * `deno run --allow-read scripts/check_structure.ts [ROOT]`
 *
 * @module
 */

import { dirname, join, relative, resolve } from "node:path";

/** One import of one file, both as absolute paths. */
export interface ImportEdge {
  from: string;
  to: string;
}

/** Bare specifiers a pure core file may import: libraries that compute and do no I/O. */
const CORE_PACKAGES = new Set(["jsonc-parser"]);

/** Test folders that are not unit tests: whole-CLI runs, helpers, benchmark tooling. */
const NOT_UNIT_TESTS = new Set(["e2e", "support", "bench"]);

/** Calls a pure core file must not make. */
const CORE_FORBIDDEN: ReadonlyArray<[RegExp, string]> = [
  [/\bDeno\./, "uses Deno.*"],
  [/\bfetch\(/, "calls fetch"],
  [/\bDate\.now\(|\bperformance\.now\(|\bnew Date\(\)/, "reads the clock"],
  [/\bconsole\./, "prints"],
];

const STATEMENT = /^(?:import|export)\b[^;"]*?\bfrom\s*"([^"]+)"|^import\s*"([^"]+)"/gm;
const DYNAMIC = /\bimport\(\s*"([^"]+)"\s*\)/g;

/** The code of `text` without comments (strings kept; good enough for import and call checks). */
function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
}

/** The specifiers `text` imports, static and dynamic. */
export function importSpecifiers(text: string): string[] {
  const code = stripComments(text);
  const specifiers: string[] = [];
  for (const match of code.matchAll(STATEMENT)) specifiers.push((match[1] ?? match[2])!);
  for (const match of code.matchAll(DYNAMIC)) specifiers.push(match[1]!);
  return specifiers;
}

/** The unit a path belongs to: `src/core/NAME`, `src/core`, `src/NAME`, `src` or `.`. */
export function unitOf(root: string, path: string): string {
  const parts = relative(root, path).split("/");
  if (parts[0] !== "src") return ".";
  if (parts[1] === "core") return parts.length > 3 ? `src/core/${parts[2]}` : "src/core";
  return parts.length > 2 ? `src/${parts[1]}` : "src";
}

/** The folder cycles among units, each as a list of units. */
export function unitCycles(edges: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  // Tarjan's strongly connected components; a component of two or more units is a cycle.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let next = 0;
  const visit = (unit: string): void => {
    index.set(unit, next);
    low.set(unit, next);
    next++;
    stack.push(unit);
    onStack.add(unit);
    for (const target of edges.get(unit) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(unit, Math.min(low.get(unit)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(unit, Math.min(low.get(unit)!, index.get(target)!));
      }
    }
    if (low.get(unit) !== index.get(unit)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== unit);
    if (component.length > 1) cycles.push(component.sort());
  };
  for (const unit of [...edges.keys()].sort()) if (!index.has(unit)) visit(unit);
  return cycles;
}

function isInside(path: string, folder: string): boolean {
  return path.startsWith(folder + "/");
}

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

function listTs(folder: string, out: string[] = []): string[] {
  for (const entry of [...Deno.readDirSync(folder)].sort((a, b) => a.name < b.name ? -1 : 1)) {
    const path = join(folder, entry.name);
    if (entry.isDirectory) listTs(path, out);
    else if (entry.name.endsWith(".ts")) out.push(path);
  }
  return out;
}

/** The offences of the layout under `root`, one sentence each (none when it is sound). */
export function checkStructure(root: string): string[] {
  const src = join(root, "src");
  const core = join(src, "core");
  const files = [join(root, "main.ts"), ...listTs(src)];
  const problems: string[] = [];
  const name = (path: string) => relative(root, path);
  const imports: ImportEdge[] = [];

  for (const file of files) {
    const text = Deno.readTextFileSync(file);
    const inCore = isInside(file, core);
    if (inCore) {
      const code = stripComments(text);
      for (const [pattern, what] of CORE_FORBIDDEN) {
        if (pattern.test(code)) problems.push(`${name(file)} is pure core but ${what}`);
      }
    }
    for (const specifier of importSpecifiers(text)) {
      if (!specifier.startsWith(".")) {
        if (inCore && !CORE_PACKAGES.has(specifier)) {
          problems.push(`${name(file)} is pure core but imports "${specifier}"`);
        }
        continue;
      }
      imports.push({ from: file, to: resolve(dirname(file), specifier) });
    }
  }

  const edges = new Map<string, Set<string>>();
  const importedFromOutside = new Set<string>();
  for (const { from, to } of imports) {
    if (isInside(from, core) && !isInside(to, core)) {
      problems.push(`${name(from)} is pure core but imports "${name(to)}"`);
    }
    const fromUnit = unitOf(root, from);
    const toUnit = unitOf(root, to);
    if (fromUnit !== toUnit) {
      if (!edges.has(fromUnit)) edges.set(fromUnit, new Set());
      edges.get(fromUnit)!.add(toUnit);
      // `src/core` itself is a layer, not a folder others use: its folders have the faces.
      if (toUnit.startsWith("src/") && toUnit !== "src/core") importedFromOutside.add(toUnit);
    }
    // Every folder between the target and the importer's common ancestor may have a face.
    for (let folder = dirname(to); isInside(folder, src); folder = dirname(folder)) {
      if (isInside(from, folder)) {
        if (to === join(folder, "mod.ts") && dirname(from) === folder) {
          problems.push(`${name(from)} imports its own folder's face "${name(to)}"`);
        }
        break;
      }
      const face = join(folder, "mod.ts");
      // A subfolder's own face is public too (`src/io/discovery/mod.ts` beside `src/io/mod.ts`).
      if (to === face) break;
      if (exists(face)) {
        problems.push(`${name(from)} reaches past "${name(face)}" to "${name(to)}"`);
        break;
      }
    }
  }

  for (const cycle of unitCycles(edges)) {
    problems.push(`Folders import each other in a cycle: ${cycle.join(", ")}`);
  }
  for (const unit of [...importedFromOutside].sort()) {
    if (!exists(join(root, unit, "mod.ts"))) {
      problems.push(`${unit} is imported by other folders but has no mod.ts face`);
    }
  }
  problems.push(...checkUnitTask(root));
  return problems;
}

/** The test folders with tests that the `test:unit` task leaves out. */
function checkUnitTask(root: string): string[] {
  const config = JSON.parse(Deno.readTextFileSync(join(root, "deno.json")));
  const task: unknown = config?.tasks?.["test:unit"];
  if (typeof task !== "string") return [`deno.json has no "test:unit" task`];
  const covered = new Set(task.split(/\s+/).map((word) => word.replace(/\/$/, "")));
  const problems: string[] = [];
  for (const entry of Deno.readDirSync(join(root, "tests"))) {
    if (!entry.isDirectory || NOT_UNIT_TESTS.has(entry.name)) continue;
    if (!covered.has(`tests/${entry.name}`) && !covered.has("tests")) {
      problems.push(`The "test:unit" task leaves out tests/${entry.name}`);
    }
  }
  return problems.sort();
}

if (import.meta.main) {
  const root = resolve(Deno.args[0] ?? join(dirname(new URL(import.meta.url).pathname), ".."));
  const problems = checkStructure(root);
  for (const problem of problems) console.error(problem);
  if (problems.length > 0) {
    console.error(`${problems.length} layout problem(s)`);
    Deno.exit(1);
  }
}
