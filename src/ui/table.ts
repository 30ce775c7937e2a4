/** Plain text tables: aligned columns, the flexible column shortened to fit the width. */

import { truncate } from "./format.ts";

/** One column of a {@linkcode renderTable} call. */
export interface Column {
  header: string;
  align?: "left" | "right";
  /** The one column that shrinks (and takes the rest of the width). */
  flex?: boolean;
}

/** A cell: the plain text (for widths) and optionally how to paint it. */
export interface Cell {
  text: string;
  paint?: (text: string) => string;
}

/** Options for {@linkcode renderTable}. */
export interface TableOptions {
  width: number;
  paintHeader?: (text: string) => string;
}

/** Renders rows as lines of aligned text, never wider than `options.width` when it can help it. */
export function renderTable(
  columns: readonly Column[],
  rows: readonly (readonly Cell[])[],
  options: TableOptions,
): string[] {
  // One pass over the rows: spreading thousands of widths into Math.max is slow.
  const widths = columns.map((column) => column.header.length);
  for (const row of rows) {
    for (let index = 0; index < widths.length; index++) {
      const length = row[index]?.text.length ?? 0;
      if (length > widths[index]!) widths[index] = length;
    }
  }
  const flexIndex = columns.findIndex((column) => column.flex);
  if (flexIndex >= 0) {
    const fixed = widths.reduce((sum, width, index) => index === flexIndex ? sum : sum + width, 0);
    const gaps = (columns.length - 1) * 2;
    const room = Math.max(10, options.width - fixed - gaps);
    widths[flexIndex] = Math.min(widths[flexIndex] ?? 0, room);
  }
  const paintHeader = options.paintHeader ?? ((text: string) => text);
  const header = columns.map((column, index) =>
    pad(column.header, widths[index] ?? 0, column.align ?? "left")
  ).join("  ").trimEnd();
  const lines = [paintHeader(header)];
  for (const row of rows) {
    const cells = columns.map((column, index) => {
      const cell = row[index] ?? { text: "" };
      const width = widths[index] ?? 0;
      const text = pad(truncate(cell.text, width), width, column.align ?? "left");
      return cell.paint ? cell.paint(text) : text;
    });
    lines.push(cells.join("  ").trimEnd());
  }
  return lines;
}

function pad(text: string, width: number, align: "left" | "right"): string {
  return align === "right" ? text.padStart(width) : text.padEnd(width);
}
