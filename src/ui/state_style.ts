import type { RequestState } from "../core/model/mod.ts";
import type { Colors, Paint } from "./colors.ts";

/** The word shown for each state (the `--json` value, spaced). */
export function stateLabel(state: RequestState): string {
  return state.replace("_", " ");
}

/** The colour of each state. */
export function statePaint(state: RequestState, colors: Colors): Paint {
  switch (state) {
    case "completed":
      return colors.green;
    case "failed":
    case "no_response":
      return colors.red;
    case "awaiting_approval":
      return colors.magenta;
    case "cancelled":
      return colors.gray;
    case "running":
      return colors.yellow;
  }
}
