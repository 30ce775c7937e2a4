/** Text for `session status` and `session list`. Pure. */

import { shortIds } from "../core/request/mod.ts";
import type { Colors } from "./colors.ts";
import { formatDuration, oneLine, truncate } from "./format.ts";
import { stateLabel, statePaint } from "./state_style.ts";
import { type Cell, renderTable } from "./table.ts";
import type { SessionListEntry, SessionStatus } from "../session/mod.ts";

/** Options for the views. */
export interface StatusViewOptions {
  colors: Colors;
  now: number;
  width: number;
}

/** `alive`, `starting`, or `dead (exit code 0)` / `dead (killed by SIGKILL)` / `dead (pid reused)`. */
export function livenessText(
  status: Pick<SessionStatus, "alive" | "exit"> & {
    supervisorState?: SessionStatus["supervisorState"] | null;
  },
): string {
  if (status.alive) return "alive";
  if (status.supervisorState === "starting") return "starting";
  const exit = status.exit;
  if (!exit && status.supervisorState === "reused") return "dead (pid reused)";
  if (!exit) return "dead (exit unknown)";
  if (exit.reason) return `dead (${exit.reason})`;
  if (exit.error) return `dead (failed to start: ${exit.error})`;
  if (exit.signal) return `dead (killed by ${exit.signal})`;
  return `dead (exit code ${exit.code})`;
}

/** The lines of `session status`. */
export function renderSessionStatus(status: SessionStatus, options: StatusViewOptions): string[] {
  const { colors } = options;
  const state = livenessText(status);
  const lines = [
    `session ${colors.bold(status.name)}: ${
      status.alive ? colors.green(state) : colors.red(state)
    }`,
    `  codex    ${status.codexVersion ?? "version unknown"} (${status.codexPath})`,
    `  pid      ${status.codexPid ?? "-"} (supervisor ${status.supervisorPid ?? "-"})`,
    `  uptime   ${status.uptimeMs === null ? "-" : formatDuration(status.uptimeMs)}`,
    `  folder   ${status.dir}`,
    `  output   ${status.outputLines} lines`,
  ];
  if (status.requests.length === 0) {
    lines.push("", "no requests yet");
  } else {
    const ids = shortIds(status.requests.map((request) => request.key));
    const rows = status.requests.map((request): Cell[] => {
      const note = request.pendingApproval
        ? `needs approval: ${request.pendingApproval}`
        : request.markedCancelled
        ? "marked cancelled (Codex did not end it)"
        : request.finalMessage ?? request.lastEventType ?? "";
      return [
        { text: ids.get(request.key) ?? request.key },
        { text: request.tool ?? "?" },
        { text: stateLabel(request.state), paint: statePaint(request.state, colors) },
        {
          text: request.lastTime === null
            ? "-"
            : `${formatDuration(options.now - request.lastTime)} ago`,
        },
        { text: String(request.commands) },
        { text: request.totalTokens === null ? "-" : String(request.totalTokens) },
        { text: truncate(oneLine(note), 200) },
      ];
    });
    lines.push(
      "",
      ...renderTable(
        [
          { header: "ID" },
          { header: "TOOL" },
          { header: "STATE" },
          { header: "LAST LINE" },
          { header: "CMDS", align: "right" },
          { header: "TOKENS", align: "right" },
          { header: "ANSWER / NOTE", flex: true },
        ],
        rows,
        { width: options.width, paintHeader: colors.bold },
      ),
    );
  }
  if (!status.alive && status.textLines.length > 0) {
    lines.push("", "last stderr lines:", ...status.textLines.map((line) => `  ${line.text}`));
  }
  return lines;
}

/** The lines of `session list`. */
export function renderSessionList(
  entries: readonly SessionListEntry[],
  options: StatusViewOptions,
): string[] {
  if (entries.length === 0) return ["no sessions"];
  const rows = entries.map((entry): Cell[] => {
    if (entry.broken !== null) {
      return [
        { text: entry.name },
        { text: `broken: ${entry.broken}`, paint: options.colors.red },
        { text: "-" },
        { text: "?" },
        { text: "-" },
      ];
    }
    const state = livenessText(entry);
    return [
      { text: entry.name },
      { text: state, paint: entry.alive ? options.colors.green : options.colors.red },
      { text: entry.codexPid === null ? "-" : String(entry.codexPid) },
      { text: entry.codexVersion ?? "?" },
      { text: entry.startedAt === null ? "-" : new Date(entry.startedAt).toISOString() },
    ];
  });
  return renderTable(
    [{ header: "NAME" }, { header: "STATE", flex: true }, { header: "PID" }, { header: "CODEX" }, {
      header: "STARTED",
    }],
    rows,
    { width: options.width, paintHeader: options.colors.bold },
  );
}
