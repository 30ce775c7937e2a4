/**
 * `--exit-on done,failed,stuck,approval`: when watch stops by itself, and with which exit code.
 *
 * @module
 */

import { UsageError } from "../errors.ts";
import { EXIT, type ExitCode } from "../exit_codes.ts";
import type { RequestState } from "../model/mod.ts";
import { shortIdOf } from "../request/mod.ts";
import { isEnded, isFailure, type Level } from "./transitions.ts";

/** A condition of `--exit-on`. */
export type ExitCondition = "done" | "failed" | "stuck" | "approval";

/** The conditions in documentation order. */
export const EXIT_CONDITIONS: readonly ExitCondition[] = ["done", "failed", "stuck", "approval"];

/** Parses the items of `--exit-on` (already split on commas). Throws {@linkcode UsageError}. */
export function parseExitOn(items: readonly string[]): Set<ExitCondition> {
  const conditions = new Set<ExitCondition>();
  for (const item of items) {
    const condition = EXIT_CONDITIONS.find((name) => name === item.trim().toLowerCase());
    if (condition === undefined) {
      throw new UsageError(
        `Invalid value for --exit-on: "${item}" (expected a comma list of ${
          EXIT_CONDITIONS.join(", ")
        })`,
      );
    }
    conditions.add(condition);
  }
  if (conditions.size === 0) {
    throw new UsageError(
      `Invalid value for --exit-on: expected one of ${EXIT_CONDITIONS.join(", ")}`,
    );
  }
  return conditions;
}

/** What exit decisions look at for each request. */
export interface RequestStatus {
  key: string;
  state: RequestState;
  level: Level;
}

/** Why watch stops. */
export interface ExitDecision {
  code: ExitCode;
  condition: ExitCondition;
  /** The request that decided it (`null` for `done`). */
  key: string | null;
  /** One line for humans. */
  reason: string;
}

/**
 * Checks the conditions against the current requests, most severe first: `stuck` (3, an open
 * request is stuck), `failed` (6, a request failed, was cancelled or got no response),
 * `approval` (4, a request waits for approval), `done` (every request seen has ended, at least
 * one: 0 when all completed, else 6). Returns `null` while none holds.
 */
export function decideExit(
  requests: readonly RequestStatus[],
  conditions: ReadonlySet<ExitCondition>,
): ExitDecision | null {
  if (conditions.has("stuck")) {
    const stuck = requests.find((request) => !isEnded(request.state) && request.level === "stuck");
    if (stuck) {
      return {
        code: EXIT.stuck,
        condition: "stuck",
        key: stuck.key,
        reason: `request ${shortIdOf(stuck.key)} is stuck`,
      };
    }
  }
  if (conditions.has("failed")) {
    const failed = requests.find((request) => isFailure(request.state));
    if (failed) {
      return {
        code: EXIT.failed,
        condition: "failed",
        key: failed.key,
        reason: `request ${shortIdOf(failed.key)} ${failed.state.replace("_", " ")}`,
      };
    }
  }
  if (conditions.has("approval")) {
    const waiting = requests.find((request) => request.state === "awaiting_approval");
    if (waiting) {
      return {
        code: EXIT.needsApproval,
        condition: "approval",
        key: waiting.key,
        reason: `request ${shortIdOf(waiting.key)} needs approval`,
      };
    }
  }
  if (conditions.has("done") && requests.length > 0) {
    if (requests.every((request) => isEnded(request.state))) {
      const failures = requests.filter((request) => isFailure(request.state)).length;
      const count = `${requests.length} request${requests.length === 1 ? "" : "s"}`;
      return failures === 0
        ? { code: EXIT.ok, condition: "done", key: null, reason: `all ${count} done` }
        : {
          code: EXIT.failed,
          condition: "done",
          key: null,
          reason: `all ${count} done, ${failures} not completed`,
        };
    }
  }
  return null;
}
