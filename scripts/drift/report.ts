/** The drift report: the comparison of two capture folders, as Markdown or as JSON. */

import type { SurfaceDrift } from "./compare.ts";
import { readsEverything } from "./compare.ts";

/** The whole report. */
export interface DriftReport {
  old: string;
  new: string;
  /** True when codexmon reads every new line and needs nothing that changed (exit 0). */
  readsEverything: boolean;
  surfaces: SurfaceDrift[];
}

/** Builds the report of the compared surfaces; `labels` name the two sides. */
export function driftReport(
  labels: { old: string; new: string },
  surfaces: SurfaceDrift[],
): DriftReport {
  return { ...labels, readsEverything: readsEverything(surfaces), surfaces };
}

/** The report as Markdown tables, one section per surface. */
export function reportMarkdown(report: DriftReport): string {
  const out: string[] = [
    `# Drift of the Codex output formats: ${report.old} → ${report.new}`,
    "",
    `Made by \`deno task drift ${report.old} ${report.new}\`: every capture of both sides read by codexmon's analyzer. A removed or retyped field is *needed* when codexmon's analysis of the old captures changes without it (see docs/releases.md).`,
    "",
    report.readsEverything
      ? "**codexmon reads every line of the new captures** and needs no field that changed."
      : "**codexmon needs work for the new captures**: see the lines it counted as unknown and the fields marked *needed*.",
    "",
    "| surface | old files | old lines | new files | new lines | unknown new lines |",
    "| --- | ---: | ---: | ---: | ---: | ---: |",
    ...report.surfaces.map((drift) =>
      `| ${drift.surface} | ${drift.old?.files ?? "–"} | ${drift.old?.lines ?? "–"} | ${
        drift.new?.files ?? "–"
      } | ${drift.new?.lines ?? "–"} | ${drift.new?.unknownLines ?? "–"} |`
    ),
  ];
  for (const drift of report.surfaces) out.push("", ...surfaceMarkdown(drift));
  return out.join("\n").replace(/\n{3,}/g, "\n\n").trimEnd() + "\n";
}

function surfaceMarkdown(drift: SurfaceDrift): string[] {
  const out = [`## ${drift.surface}`, ""];
  if (drift.old === null) out.push("New surface: no old captures of it.", "");
  if (drift.new === null) out.push("Gone: no new captures of it.", "");
  const kinds = [
    ...drift.kindsAdded.map((change) => `| ${code(change.kind)} | appeared | ${change.lines} |`),
    ...drift.kindsRemoved.map((change) => `| ${code(change.kind)} | vanished | ${change.lines} |`),
  ];
  out.push(
    ...table("Line kinds and event types", {
      header: "| kind | change | lines |\n| --- | --- | ---: |",
      rows: kinds,
    }),
  );
  const fields = [
    ...drift.fieldsAdded.map((change) =>
      `| ${code(change.kind)} | ${code(change.path)} | added | ${change.types.join(", ")} | |`
    ),
    ...drift.fieldsRemoved.map((change) =>
      `| ${code(change.kind)} | ${code(change.path)} | removed | ${change.types.join(", ")} | ${
        change.needed ? "**needed**" : ""
      } |`
    ),
  ];
  out.push(
    ...table("Fields", {
      header:
        "| kind | field | change | JSON type | codexmon reads it |\n| --- | --- | --- | --- | --- |",
      rows: fields,
    }),
  );
  const types = drift.typesChanged.map((change) =>
    `| ${code(change.kind)} | ${code(change.path)} | ${change.old.join(", ")} | ${
      change.new.join(", ")
    } | ${change.needed ? "**needed**" : ""} |`
  );
  out.push(
    ...table("JSON types changed", {
      header: "| kind | field | old | new | codexmon reads it |\n| --- | --- | --- | --- | --- |",
      rows: types,
    }),
  );
  return out;
}

function table(title: string, content: { header: string; rows: string[] }): string[] {
  const { header, rows } = content;
  return [`### ${title}`, "", ...(rows.length === 0 ? ["None."] : [header, ...rows]), ""];
}

/** A table cell in code style; a kind read from a capture may hold any character. */
function code(text: string): string {
  return `\`${text.replaceAll("|", "\\|").replaceAll("`", "'").replace(/\s/g, " ")}\``;
}
