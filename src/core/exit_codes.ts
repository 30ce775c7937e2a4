/** One exit-code table for the whole tool; README.md and `--help` print it. */
export const EXIT = {
  ok: 0,
  runtime: 1,
  usage: 2,
  stuck: 3,
  needsApproval: 4,
  timedOut: 5,
  failed: 6,
  noCodexOutput: 7,
  interrupted: 130,
  hangup: 129,
  terminated: 143,
} as const;

/** The numeric values of {@linkcode EXIT}. */
export type ExitCode = typeof EXIT[keyof typeof EXIT];

/** Lines for help texts and README, in code order. */
export const EXIT_CODE_HELP: readonly (readonly [ExitCode, string])[] = [
  [EXIT.ok, "ok (nothing stuck; with --exit-on: all requests done)"],
  [EXIT.runtime, "not found or cannot run (input unreadable, no such request, Codex failed)"],
  [EXIT.usage, "usage error (unknown flag or command, bad value, ambiguous id, broken config)"],
  [EXIT.stuck, "a request is stuck"],
  [EXIT.needsApproval, "a request needs approval (and none is stuck)"],
  [EXIT.timedOut, "timed out (session wait --timeout)"],
  [EXIT.failed, "a request failed"],
  [EXIT.hangup, "ended by SIGHUP (terminal or tmux pane closed)"],
  [EXIT.noCodexOutput, "an input holds no Codex output (empty, text, binary)"],
  [EXIT.interrupted, "interrupted (Ctrl-C)"],
  [EXIT.terminated, "ended by SIGTERM (kill, timeout)"],
];
