/**
 * Pure watch logic: state transitions, the board, exit rules and alert payloads.
 *
 * @module
 */

export * from "./alert_payload.ts";
export * from "./board_state.ts";
export * from "./exit_on.ts";
export * from "./transitions.ts";
export * from "./safe_environment.ts";
