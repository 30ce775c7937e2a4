/**
 * `--on-alert CMD`: runs `sh -c CMD` per alert with the alert JSON on stdin and in environment
 * variables. Never blocks the watcher: commands start in the background, at most a few at a
 * time (the rest queue), and every child is reaped.
 *
 * @module
 */

/** The most `--on-alert` commands running at once. */
export const MAX_RUNNING_ALERT_COMMANDS = 4;

/** The most alerts waiting for a free slot; later ones are dropped with a note. */
export const MAX_QUEUED_ALERTS = 100;

/** Options for {@linkcode AlertDispatcher}. */
export interface AlertDispatcherOptions {
  /** The shell command (`sh -c` runs it). */
  command: string;
  /** Told about commands that exit with a code other than 0. */
  onProblem: (message: string) => void;
  /**
   * Told when the command cannot be started at all (no shell, or the shell cannot find or run
   * it: exit code 126 or 127); `onProblem` is told when this is absent.
   */
  onUnstartable?: (message: string) => void;
  /** Where the command's stdout goes (watch's own stdout carries its output format). */
  onOutput: (bytes: Uint8Array) => void;
  /** The shell (default `sh`). */
  shell?: string;
  maxRunning?: number;
}

interface Job {
  stdin: string;
  env: Record<string, string>;
}

/** Starts one process per alert; {@linkcode AlertDispatcher.close} waits for the stragglers. */
export class AlertDispatcher {
  #options: AlertDispatcherOptions;
  #queue: Job[] = [];
  #running = new Set<Promise<void>>();
  #dropped = 0;
  #started = 0;

  constructor(options: AlertDispatcherOptions) {
    this.#options = options;
  }

  /** How many commands were started so far. */
  get started(): number {
    return this.#started;
  }

  /** Runs the command for one alert now, or as soon as a slot is free. Never throws. */
  dispatch(stdin: string, env: Record<string, string>): void {
    if (this.#queue.length >= MAX_QUEUED_ALERTS) {
      this.#dropped++;
      if (this.#dropped === 1) {
        this.#options.onProblem(
          `--on-alert: more than ${MAX_QUEUED_ALERTS} alerts waiting, dropping new ones`,
        );
      }
      return;
    }
    this.#queue.push({ stdin, env });
    this.#pump();
  }

  /**
   * Waits until every queued and running command has finished, or `timeoutMs` passed. Returns
   * the number of commands still running then (they are left to finish on their own).
   */
  async close(timeoutMs: number): Promise<number> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), timeoutMs);
    });
    try {
      while (this.#running.size > 0 || this.#queue.length > 0) {
        const winner = await Promise.race([
          Promise.race([...this.#running]).then(() => "done" as const),
          deadline,
        ]);
        if (winner === "timeout") break;
      }
    } finally {
      clearTimeout(timer);
    }
    this.#queue = [];
    return this.#running.size;
  }

  #pump(): void {
    const limit = this.#options.maxRunning ?? MAX_RUNNING_ALERT_COMMANDS;
    while (this.#running.size < limit) {
      const job = this.#queue.shift();
      if (job === undefined) return;
      const run = this.#run(job).finally(() => {
        this.#running.delete(run);
        this.#pump();
      });
      this.#running.add(run);
    }
  }

  #unstartable(message: string): void {
    (this.#options.onUnstartable ?? this.#options.onProblem)(message);
  }

  async #run(job: Job): Promise<void> {
    const { command, onProblem, onOutput } = this.#options;
    let child: Deno.ChildProcess;
    try {
      child = new Deno.Command(this.#options.shell ?? "sh", {
        args: ["-c", command],
        env: job.env,
        stdin: "piped",
        stdout: "piped",
        stderr: "inherit",
      }).spawn();
    } catch (error) {
      this.#unstartable(`--on-alert: cannot start "${command}": ${describe(error)}`);
      return;
    }
    this.#started++;
    const output = (async () => {
      for await (const chunk of child.stdout) onOutput(chunk);
    })().catch(() => {});
    const input = (async () => {
      const writer = child.stdin.getWriter();
      try {
        await writer.write(new TextEncoder().encode(job.stdin));
        await writer.close();
      } catch {
        // The command did not read its stdin (it may have exited already): fine.
      }
    })();
    const status = await child.status;
    await Promise.all([input, output]);
    if (status.code === 126 || status.code === 127) {
      const why = status.code === 127 ? "command not found" : "not executable";
      this.#unstartable(`--on-alert: cannot run "${command}": ${why} (exit code ${status.code})`);
    } else if (!status.success) {
      const how = status.signal === null ? `exit code ${status.code}` : `signal ${status.signal}`;
      onProblem(`--on-alert: "${command}" ended with ${how}`);
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
