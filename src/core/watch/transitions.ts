/**
 * Turns successive snapshots of the requests (and their stuck findings) into transitions:
 * a request started, completed, failed, needs approval, got stuck, recovered. Pure: the
 * caller passes the time of each snapshot.
 *
 * @module
 */

import type { Finding, Severity } from "../stuck/mod.ts";
import type { RequestId, RequestRecord, RequestState } from "../model/mod.ts";

/** Transitions that are alerts (`--bell`, `--on-alert`, `--exit-on`). */
export type AlertKind = "completed" | "failed" | "approval" | "stuck" | "warning" | "recovered";

/** Every transition kind; `started` and `finding` (an info finding) are shown but never alert. */
export type TransitionKind = AlertKind | "started" | "finding";

/** Alert kinds in documentation order. */
export const ALERT_KINDS: readonly AlertKind[] = [
  "completed",
  "failed",
  "approval",
  "stuck",
  "warning",
  "recovered",
];

/** How bad the findings of a request are: the worst warning or stuck finding, else `ok`. */
export type Level = "ok" | "warning" | "stuck";

/** One change of one request between two snapshots. */
export interface Transition {
  kind: TransitionKind;
  /** True for the {@linkcode AlertKind}s. */
  alert: boolean;
  key: string;
  requestId: RequestId;
  state: RequestState;
  /** `null` when the request is new in this snapshot. */
  previousState: RequestState | null;
  level: Level;
  previousLevel: Level;
  /** The request's last line when the change was seen. */
  line: number;
  /** The snapshot's time (ms since epoch). */
  time: number;
  /**
   * What happened, without the kind: the final answer (`completed`), the state and last error
   * (`failed`), the command (`approval`), the findings' reasons (`stuck`, `warning`, `finding`).
   */
  message: string;
  /** The findings behind a `stuck`, `warning` or `finding` transition (new or worse ones). */
  findings: Finding[];
}

/** Finding kinds a request state already reports (approval, failure): no second alert for them. */
const STATE_FINDINGS: ReadonlySet<string> = new Set(["awaiting_approval", "request_failed"]);

interface Known {
  state: RequestState;
  level: Level;
  /** The worst severity seen per finding kind in the last snapshot. */
  findings: Map<string, Severity>;
}

/** Options for {@linkcode TransitionTracker.update}. */
export interface UpdateOptions {
  /** The time of the snapshot (ms since epoch). */
  time: number;
  /** Record the snapshot as the starting point without reporting anything (what was there before watching). */
  baseline?: boolean;
}

/** True for states after which nothing more happens to a request. */
export function isEnded(state: RequestState): boolean {
  return state !== "running" && state !== "awaiting_approval";
}

/** True for the states counted as failures (exit code 6). */
export function isFailure(state: RequestState): boolean {
  return state === "failed" || state === "cancelled" || state === "no_response";
}

/**
 * The level of a request from its findings. Only open requests can be stuck or warned about
 * (what was found in a finished request is history, not something to act on), and findings a
 * state already reports do not count.
 */
export function levelOf(state: RequestState, findings: readonly Finding[]): Level {
  if (isEnded(state)) return "ok";
  let level: Level = "ok";
  for (const finding of findings) {
    if (STATE_FINDINGS.has(finding.kind)) continue;
    if (finding.severity === "stuck") return "stuck";
    if (finding.severity === "warning") level = "warning";
  }
  return level;
}

/** Remembers each request's last state and findings and reports what changed. */
export class TransitionTracker {
  #known = new Map<string, Known>();

  /** The level of each request as of the last update. */
  levels(): ReadonlyMap<string, Level> {
    return new Map([...this.#known].map(([key, known]) => [key, known.level]));
  }

  /** Forgets every request (the file was truncated or replaced). */
  reset(): void {
    this.#known.clear();
  }

  /**
   * Compares a snapshot with the previous one. `findings` may cover any requests; only those
   * of `requests` are used. Returns the transitions in request order, at most one state
   * transition and one finding transition per request.
   */
  update(
    requests: readonly RequestRecord[],
    findings: readonly Finding[],
    options: UpdateOptions,
  ): Transition[] {
    const byKey = new Map<string, Finding[]>();
    for (const finding of findings) {
      const list = byKey.get(finding.key);
      if (list) list.push(finding);
      else byKey.set(finding.key, [finding]);
    }
    const transitions: Transition[] = [];
    for (const request of requests) {
      const own = byKey.get(request.key) ?? [];
      const previous = this.#known.get(request.key);
      const level = levelOf(request.state, own);
      const counted = isEnded(request.state)
        ? []
        : own.filter((finding) => !STATE_FINDINGS.has(finding.kind));
      this.#known.set(request.key, {
        state: request.state,
        level,
        findings: worstByKind(counted),
      });
      if (options.baseline) continue;
      const base = {
        key: request.key,
        requestId: request.requestId,
        state: request.state,
        previousState: previous?.state ?? null,
        level,
        previousLevel: previous?.level ?? "ok",
        line: request.lastLine,
        time: options.time,
      };
      const stateChange = stateTransition(request, previous?.state ?? null);
      if (stateChange !== null) {
        transitions.push({ ...base, ...stateChange, findings: [] });
      }
      const fresh = counted.filter((finding) => isNewOrWorse(finding, previous));
      const stuck = fresh.filter((finding) => finding.severity === "stuck");
      const warnings = fresh.filter((finding) => finding.severity === "warning");
      const infos = fresh.filter((finding) => finding.severity === "info");
      if (stuck.length > 0) {
        transitions.push({
          ...base,
          kind: "stuck",
          alert: true,
          message: reasons(stuck),
          findings: stuck,
        });
      } else if (warnings.length > 0) {
        transitions.push({
          ...base,
          kind: "warning",
          alert: true,
          message: reasons(warnings),
          findings: warnings,
        });
      } else if (infos.length > 0) {
        transitions.push({
          ...base,
          kind: "finding",
          alert: false,
          message: reasons(infos),
          findings: infos,
        });
      }
      const wasBad = previous !== undefined && previous.level !== "ok";
      if (wasBad && level === "ok" && !isEnded(request.state) && stateChange === null) {
        transitions.push({
          ...base,
          kind: "recovered",
          alert: true,
          message: `no longer ${previous.level === "stuck" ? "stuck" : "warned about"}${
            request.lastEventType === null ? "" : ` (last event ${request.lastEventType})`
          }`,
          findings: [],
        });
      }
    }
    return transitions;
  }
}

function stateTransition(
  request: RequestRecord,
  previous: RequestState | null,
): { kind: TransitionKind; alert: boolean; message: string } | null {
  const state = request.state;
  if (state === previous) return null;
  switch (state) {
    case "running":
      if (previous === "awaiting_approval") {
        return { kind: "recovered", alert: true, message: "approval answered, running again" };
      }
      return previous === null
        ? { kind: "started", alert: false, message: request.tool ?? "" }
        : null;
    case "awaiting_approval":
      return { kind: "approval", alert: true, message: approvalText(request) };
    case "completed":
      return {
        kind: "completed",
        alert: true,
        message: request.finalMessage === null ? "" : oneLineExcerpt(request.finalMessage),
      };
    case "failed":
    case "cancelled":
    case "no_response":
      return { kind: "failed", alert: true, message: failureText(request) };
  }
}

function failureText(request: RequestRecord): string {
  const label = request.state.replace("_", " ");
  const last = request.errors.at(-1);
  return last === undefined ? label : `${label}: ${oneLineExcerpt(last.message)}`;
}

function approvalText(request: RequestRecord): string {
  const open = request.approvals.filter((approval) => !approval.resolved).at(-1) ??
    request.approvals.at(-1);
  if (open === undefined) return "a server request";
  if (open.command !== null && open.command.length > 0) {
    return `run ${oneLineExcerpt(open.command.join(" "))}`;
  }
  return oneLineExcerpt(open.message) || (open.kind === "patch" ? "apply a patch" : "a request");
}

function oneLineExcerpt(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

function reasons(findings: readonly Finding[]): string {
  return findings.map((finding) => `${finding.kind}: ${finding.reason}`).join("; ");
}

const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, stuck: 2 };

function worstByKind(findings: readonly Finding[]): Map<string, Severity> {
  const worst = new Map<string, Severity>();
  for (const finding of findings) {
    const seen = worst.get(finding.kind);
    if (seen === undefined || SEVERITY_RANK[finding.severity] > SEVERITY_RANK[seen]) {
      worst.set(finding.kind, finding.severity);
    }
  }
  return worst;
}

function isNewOrWorse(finding: Finding, previous: Known | undefined): boolean {
  const seen = previous?.findings.get(finding.kind);
  return seen === undefined || SEVERITY_RANK[finding.severity] > SEVERITY_RANK[seen];
}
