/**
 * Checks a parsed `session.json` field by field, so a hand-edited or corrupt record is a clear
 * error naming the field instead of a crash deep inside a command. Pure.
 */

import type { SessionMeta } from "./metadata.ts";

/** A field of `session.json` that does not hold what codexmon wrote there. */
export class MetaFieldError extends Error {
  /** The field's path, such as `cancelled[2].at`. */
  readonly field: string;

  constructor(field: string, expected: string, value: unknown) {
    super(`field "${field}" must be ${expected}, not ${describeValue(value)}`);
    this.name = "MetaFieldError";
    this.field = field;
  }
}

/** Returns `value` as a {@linkcode SessionMeta}; throws {@linkcode MetaFieldError} at the first bad field. */
export function validateSessionMeta(value: unknown): SessionMeta {
  const root = object(value, "(the record)");
  if (root.format !== 1) throw new MetaFieldError("format", "1", root.format);
  const meta: SessionMeta = {
    format: 1,
    name: string(root.name, "name"),
    backend: backend(root.backend),
    createdAt: time(root.createdAt, "createdAt"),
    codexPath: string(root.codexPath, "codexPath"),
    codexArgs: list(root.codexArgs, "codexArgs").map((item, index) =>
      string(item, `codexArgs[${index}]`)
    ),
    cwd: string(root.cwd, "cwd"),
    codexVersion: nullable(root.codexVersion, "codexVersion", string),
    supervisor: nullable(root.supervisor, "supervisor", supervisor),
    codexPid: nullable(root.codexPid, "codexPid", pid),
    codexStartTicks: optionalNullable(root.codexStartTicks, "codexStartTicks", count),
    startedAt: nullable(root.startedAt, "startedAt", time),
    readyAt: optionalNullable(root.readyAt, "readyAt", time),
    exit: nullable(root.exit, "exit", exit),
    stoppedAt: nullable(root.stoppedAt, "stoppedAt", time),
    nextId: count(root.nextId, "nextId"),
    scannedOffset: count(root.scannedOffset, "scannedOffset"),
    cancelled: list(root.cancelled, "cancelled").map((item, index) => {
      const field = `cancelled[${index}]`;
      const record = object(item, field);
      return {
        requestId: requestId(record.requestId, `${field}.requestId`),
        at: time(record.at, `${field}.at`),
        reason: string(record.reason, `${field}.reason`),
      };
    }),
    answered: list(root.answered, "answered").map((item, index) => {
      const field = `answered[${index}]`;
      const record = object(item, field);
      return {
        requestId: requestId(record.requestId, `${field}.requestId`),
        elicitationId: requestId(record.elicitationId, `${field}.elicitationId`),
        decision: string(record.decision, `${field}.decision`),
        at: time(record.at, `${field}.at`),
      };
    }),
  };
  return meta;
}

function supervisor(value: unknown, field: string): NonNullable<SessionMeta["supervisor"]> {
  const record = object(value, field);
  return {
    pid: pid(record.pid, `${field}.pid`),
    pgid: pid(record.pgid, `${field}.pgid`),
    sid: pid(record.sid, `${field}.sid`),
    startTicks: nullable(record.startTicks, `${field}.startTicks`, count),
  };
}

function exit(value: unknown, field: string): NonNullable<SessionMeta["exit"]> {
  const record = object(value, field);
  const result: NonNullable<SessionMeta["exit"]> = {
    code: nullable(record.code, `${field}.code`, integer),
    signal: nullable(record.signal, `${field}.signal`, string),
    at: time(record.at, `${field}.at`),
  };
  if (record.error !== undefined) result.error = string(record.error, `${field}.error`);
  if (record.reason !== undefined) result.reason = string(record.reason, `${field}.reason`);
  return result;
}

function backend(value: unknown): SessionMeta["backend"] {
  // records written before app-server support have no backend
  if (value === undefined) return "mcp-server";
  if (value === "mcp-server" || value === "app-server") return value;
  throw new MetaFieldError("backend", '"mcp-server" or "app-server"', value);
}

function requestId(value: unknown, field: string): string | number {
  if (typeof value === "string" || (typeof value === "number" && Number.isFinite(value))) {
    return value;
  }
  throw new MetaFieldError(field, "a string or a number", value);
}

function object(value: unknown, field: string): Record<string, unknown> {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    return value as Record<string, unknown>;
  }
  throw new MetaFieldError(field, "an object", value);
}

function list(value: unknown, field: string): unknown[] {
  if (Array.isArray(value)) return value;
  throw new MetaFieldError(field, "a list", value);
}

function string(value: unknown, field: string): string {
  if (typeof value === "string") return value;
  throw new MetaFieldError(field, "a string", value);
}

// Milliseconds since the epoch that a Date can hold (printing one never throws).
function time(value: unknown, field: string): number {
  if (typeof value === "number" && Math.abs(value) <= 8.64e15) return value;
  throw new MetaFieldError(field, "a time in milliseconds since 1970", value);
}

function integer(value: unknown, field: string): number {
  if (Number.isSafeInteger(value)) return value as number;
  throw new MetaFieldError(field, "an integer", value);
}

function count(value: unknown, field: string): number {
  if (Number.isSafeInteger(value) && (value as number) >= 0) return value as number;
  throw new MetaFieldError(field, "a whole number of at least 0", value);
}

function pid(value: unknown, field: string): number {
  if (Number.isSafeInteger(value) && (value as number) > 0) return value as number;
  throw new MetaFieldError(field, "a process id above 0", value);
}

function nullable<T>(value: unknown, field: string, check: (value: unknown, field: string) => T) {
  return value === null ? null : check(value, field);
}

function optionalNullable<T>(
  value: unknown,
  field: string,
  check: (value: unknown, field: string) => T,
): T | null {
  return value === undefined ? null : nullable(value, field, check);
}

function describeValue(value: unknown): string {
  if (value === undefined) return "missing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string") {
    return `"${value.length > 40 ? value.slice(0, 40) + "..." : value}"`;
  }
  if (typeof value === "object") return "an object";
  return String(value);
}
