/**
 * Captures the output formats of one Codex release against the mock Responses API
 * (tests/support/mock_responses_server.ts) into `fixtures/codex-VERSION/`: installs
 * `@openai/codex@VERSION` into the Codex cache (scripts/setup_codex.ts), reads from
 * `codex --help` which surfaces it has (scripts/capture/surfaces.ts), runs every scenario of
 * those surfaces and writes each capture with its `.md`, `.timing.jsonl` and
 * `.mock-requests.jsonl`. Everything is written to a temporary folder beside the target and
 * moved into place at the end, so a failed run leaves no half-written folder.
 *
 * Usage: deno task capture VERSION [--out DIR] [--model NAME] [--port N] [SCENARIO...]
 */

import { basename, dirname, join } from "node:path";
import { CodexmonError, UsageError } from "../src/core/errors.ts";
import { EXIT } from "../src/core/exit_codes.ts";
import { codexBinaryPath } from "../tests/support/codex.ts";
import { ensureCodex } from "./setup_codex.ts";
import { CodexRun } from "./capture/codex_run.ts";
import type { Scenario } from "./capture/scenario.ts";
import { helpCommands, scenariosOf, surfacesOf } from "./capture/surfaces.ts";
import { closeWorld, createWorld, rolloutFiles, type World } from "./capture/world.ts";
import { saveRun } from "./capture/save.ts";

/** The default bound of one scenario, every wait included. */
const SCENARIO_LIMIT_S = 180;
/**
 * The model the scenarios are written for when the release's catalog has it: newer models
 * answer escalated commands differently (no approval request in app-server-approval).
 */
const SCENARIO_MODEL = "gpt-5.5";
const VERSION_PATTERN = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

const USAGE =
  `Usage: deno task capture VERSION [--out DIR] [--model NAME] [--port N] [--timeout S] [SCENARIO...]

Installs @openai/codex@VERSION (npm) into the Codex cache, runs every scenario of the surfaces
its \`codex --help\` lists against the mock Responses API and writes fixtures/codex-VERSION/.

Options:
  --out DIR      where the captures go (default fixtures/codex-VERSION)
  --model NAME   the model in CODEX_HOME/config.toml (default: ${SCENARIO_MODEL} when the
                 release's catalog, \`codex debug models\`, has it, else the catalog's first;
                 none when the release has no catalog)
  --port N       the mock's port on 127.0.0.1 (default: a free one)
  --timeout S    seconds one scenario may take, every wait included (default ${SCENARIO_LIMIT_S})
  SCENARIO       capture only these (default: all of the release's surfaces)

Exit codes: 0 captured, 1 a scenario or the install failed, 2 usage error, 130 interrupted`;

/** Parsed command line. */
export interface CaptureArgs {
  version: string;
  out: string;
  model: string | null;
  port: number;
  /** Seconds one scenario may take. */
  timeout: number;
  names: string[];
}

/** Parses the command line; throws a usage error with the reason. */
export function parseCaptureArgs(args: readonly string[]): CaptureArgs | "help" {
  const rest = [...args];
  const positional: string[] = [];
  let out: string | null = null;
  let model: string | null = null;
  let port = 0;
  let timeout = SCENARIO_LIMIT_S;
  while (rest.length > 0) {
    const arg = rest.shift()!;
    if (arg === "--help" || arg === "-h") return "help";
    if (arg === "--out" || arg === "--model" || arg === "--port" || arg === "--timeout") {
      const value = rest.shift();
      if (value === undefined) throw new UsageError(`Missing value for ${arg}`);
      if (arg === "--out") out = value;
      else if (arg === "--model") model = value;
      else if (arg === "--port") port = parsePort(value);
      else timeout = parseSeconds(value);
    } else if (arg.startsWith("-")) throw new UsageError(`Unknown option "${arg}"`);
    else positional.push(arg);
  }
  const [version, ...names] = positional;
  if (version === undefined) throw new UsageError("Missing VERSION: deno task capture VERSION");
  if (!VERSION_PATTERN.test(version)) {
    throw new UsageError(`Cannot capture "${version}": VERSION must look like 0.171.0`);
  }
  return {
    version,
    out: out ?? join("fixtures", `codex-${version}`),
    model,
    port,
    timeout,
    names,
  };
}

function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new UsageError(`Cannot use timeout "${value}": expected seconds above 0`);
  }
  return seconds;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new UsageError(`Cannot use port "${value}": expected 1 to 65535`);
  }
  return port;
}

/** What is running now, for Ctrl-C. */
interface Running {
  run: CodexRun | null;
  world: World | null;
  staging: string | null;
}

/** Runs a whole capture; returns the folder written. */
export async function capture(args: CaptureArgs, running: Running): Promise<string> {
  const codex = await installCodex(args.version);
  const commands = helpCommands(await runText(codex, { args: ["--help"] }));
  const surfaces = surfacesOf(commands);
  if (surfaces.length === 0) {
    throw new CodexmonError(
      `Cannot capture Codex ${args.version}: its codex --help lists none of the known surfaces (mcp-server, app-server)`,
    );
  }
  const all = scenariosOf(surfaces);
  const scenarios = args.names.length === 0 ? all : args.names.map((name) => {
    const found = all.find((scenario) => scenario.name === name);
    if (!found) {
      throw new UsageError(
        `Unknown scenario "${name}" for Codex ${args.version}: expected ${
          all.map((scenario) => scenario.name).join(", ")
        }`,
      );
    }
    return found;
  });
  const model = args.model ?? await catalogModel(codex);
  console.error(
    `codex ${args.version}: surfaces ${surfaces.join(", ")}; model ${model ?? "(release default)"}`,
  );
  await Deno.mkdir(dirname(args.out), { recursive: true });
  const staging = await Deno.makeTempDir({
    dir: dirname(args.out),
    prefix: `.${basename(args.out)}.partial-`,
  });
  running.staging = staging;
  for (const scenario of scenarios) {
    await runScenario(scenario, {
      codex,
      version: args.version,
      model,
      port: args.port,
      timeout: args.timeout,
      staging,
      running,
    });
  }
  await moveIntoPlace(staging, args.out);
  running.staging = null;
  return args.out;
}

async function installCodex(version: string): Promise<string> {
  const path = codexBinaryPath(version);
  const installed = await Deno.stat(path).then(() => true, () => false);
  if (!installed && !(await onNpm(version))) {
    throw new CodexmonError(
      `Cannot capture Codex ${version}: @openai/codex@${version} is not on npm`,
    );
  }
  try {
    return (await ensureCodex(version)).path;
  } catch (error) {
    throw new CodexmonError(error instanceof Error ? error.message : String(error));
  }
}

async function onNpm(version: string): Promise<boolean> {
  const output = await new Deno.Command("npm", {
    args: ["view", `@openai/codex@${version}`, "version"],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output().catch((error) => {
    throw new CodexmonError(`Cannot ask npm about Codex ${version}: ${String(error)}`);
  });
  if (output.success) return new TextDecoder().decode(output.stdout).trim() === version;
  const stderr = new TextDecoder().decode(output.stderr);
  if (stderr.includes("E404") || stderr.includes("ETARGET")) return false;
  const first = stderr.split("\n").find((line) => line.trim() !== "") ?? `exit ${output.code}`;
  throw new CodexmonError(`Cannot ask npm about Codex ${version}: ${first}`);
}

/** {@linkcode SCENARIO_MODEL} or the first model of the release's catalog; `null` without one. */
async function catalogModel(codex: string): Promise<string | null> {
  const home = await Deno.makeTempDir({ prefix: "codexmon-models-" });
  try {
    const text = await runText(codex, {
      args: ["debug", "models"],
      env: { HOME: home, CODEX_HOME: home },
    })
      .catch(() => "");
    const catalog = JSON.parse(text || "{}");
    const models: unknown[] = Array.isArray(catalog?.models) ? catalog.models : [];
    const listed = models.filter((model): model is { slug: string; priority?: number } =>
      typeof model === "object" && model !== null &&
      typeof (model as { slug?: unknown }).slug === "string" &&
      (model as { visibility?: unknown }).visibility !== "hide"
    );
    if (listed.some((model) => model.slug === SCENARIO_MODEL)) return SCENARIO_MODEL;
    listed.sort((a, b) => (a.priority ?? Infinity) - (b.priority ?? Infinity));
    return listed[0]?.slug ?? null;
  } catch {
    return null;
  } finally {
    await Deno.remove(home, { recursive: true }).catch(() => {});
  }
}

async function runText(
  codex: string,
  options: { args: string[]; env?: Record<string, string> },
): Promise<string> {
  const { args, env = {} } = options;
  const child = new Deno.Command(codex, {
    args,
    env,
    stdin: "null",
    stdout: "piped",
    stderr: "null",
  })
    .spawn();
  const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
  try {
    const output = await child.output();
    if (!output.success) throw new CodexmonError(`codex ${args.join(" ")} exited ${output.code}`);
    return new TextDecoder().decode(output.stdout);
  } finally {
    clearTimeout(timer);
  }
}

interface RunOptions {
  codex: string;
  version: string;
  model: string | null;
  port: number;
  timeout: number;
  staging: string;
  /** Where the running process and world are noted for Ctrl-C. */
  running: Running;
}

async function runScenario(scenario: Scenario, options: RunOptions) {
  const running = options.running;
  const started = Date.now();
  const deadline = started + options.timeout * 1000;
  const world = await createWorld(scenario.respond, {
    model: options.model,
    port: options.port,
    ...(scenario.retries === undefined ? {} : { retries: scenario.retries }),
  });
  running.world = world;
  const run = new CodexRun(options.codex, {
    args: scenario.args,
    cwd: world.project,
    env: world.env,
    stdin: scenario.stdin,
    deadline,
  });
  running.run = run;
  try {
    await scenario.drive?.(run, world);
    const exit = await run.finish(scenario.exitGraceMs, { terminate: scenario.terminate ?? false });
    const rollouts = rolloutFiles(world);
    if (scenario.rollout && rollouts.length === 0) {
      console.error(`${scenario.name}: warning: the run left no rollout file`);
    }
    const names = await saveRun({
      scenario,
      version: options.version,
      world,
      run,
      exit,
      rolloutPath: rollouts[0] ?? null,
    }, options.staging);
    console.error(
      `${scenario.name}: ${run.lines.length} lines, exit ${exit.code}, ${
        Date.now() - started
      } ms (${names.length} files)`,
    );
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new CodexmonError(`Scenario "${scenario.name}" failed: ${detail}`);
  } finally {
    await run.kill();
    await closeWorld(world);
    running.run = null;
    running.world = null;
  }
}

/**
 * Moves the staged files into `out`: the whole folder when `out` does not exist, else file by
 * file (each rename is atomic), so files in `out` that no scenario writes are kept.
 */
async function moveIntoPlace(staging: string, out: string): Promise<void> {
  const exists = await Deno.stat(out).then(() => true, () => false);
  if (!exists) {
    await Deno.rename(staging, out);
    return;
  }
  for await (const entry of Deno.readDir(staging)) {
    await Deno.rename(join(staging, entry.name), join(out, entry.name));
  }
  await Deno.remove(staging);
}

async function cleanUp(running: Running): Promise<void> {
  await running.run?.kill();
  if (running.world) await closeWorld(running.world);
  if (running.staging) await Deno.remove(running.staging, { recursive: true }).catch(() => {});
}

if (import.meta.main) {
  const running: Running = { run: null, world: null, staging: null };
  const interrupt = () => {
    cleanUp(running).finally(() => Deno.exit(EXIT.interrupted));
  };
  Deno.addSignalListener("SIGINT", interrupt);
  let code: number = EXIT.ok;
  try {
    const args = parseCaptureArgs(Deno.args);
    if (args === "help") console.log(USAGE);
    else console.error(`wrote ${await capture(args, running)}`);
  } catch (error) {
    await cleanUp(running);
    const message = error instanceof Error ? error.message : String(error);
    console.error(`error: ${message}`);
    code = error instanceof CodexmonError ? error.exitCode : EXIT.runtime;
  }
  Deno.removeSignalListener("SIGINT", interrupt);
  Deno.exit(code);
}
