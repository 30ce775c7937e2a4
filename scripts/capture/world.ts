/**
 * The world of one capture scenario: a temporary home with `CODEX_HOME` and a project folder,
 * and the mock Responses API Codex is pointed at. Every occurrence of the temporary folder in
 * what is kept is replaced by `/home/demo`.
 */

import { join } from "node:path";
import {
  MOCK_API_KEY_ENV,
  type MockResponder,
  type MockResponsesServer,
  startMockResponsesServer,
} from "../../tests/support/mock_responses_server.ts";
import { CodexmonError } from "../../src/core/errors.ts";

/** The neutral folder that replaces the temporary one in every capture. */
export const DEMO_ROOT = "/home/demo";

/** Folders, environment and mock of one scenario. */
export interface World {
  root: string;
  codexHome: string;
  project: string;
  mock: MockResponsesServer;
  env: Record<string, string>;
  /** `CODEX_HOME/config.toml` as written, with the port shown as `PORT`. */
  configText: string;
}

/** Options for {@linkcode createWorld}. */
export interface WorldOptions {
  /** `model = ...`; `null` leaves the release's default. */
  model: string | null;
  /** `request_max_retries` and `stream_max_retries`; absent leaves Codex's defaults. */
  retries?: number;
  /** The mock's port; 0 picks a free one. */
  port: number;
}

/** Makes the folders, starts the mock on 127.0.0.1 and writes the Codex config. */
export async function createWorld(respond: MockResponder, options: WorldOptions): Promise<World> {
  const mock = await startMock(respond, options.port);
  const root = await Deno.makeTempDir({ prefix: "codexmon-capture-" });
  const codexHome = join(root, ".codex");
  const project = join(root, "project");
  await Deno.mkdir(codexHome, { recursive: true });
  await Deno.mkdir(project, { recursive: true });
  const config = (baseUrl: string) =>
    [
      ...(options.model === null ? [] : [`model = "${options.model}"`]),
      `model_provider = "mock"`,
      "",
      "[model_providers.mock]",
      `name = "mock"`,
      `base_url = "${baseUrl}"`,
      `env_key = "${MOCK_API_KEY_ENV}"`,
      `wire_api = "responses"`,
      ...(options.retries === undefined ? [] : [
        `request_max_retries = ${options.retries}`,
        `stream_max_retries = ${options.retries}`,
      ]),
      "",
    ].join("\n");
  await Deno.writeTextFile(join(codexHome, "config.toml"), config(mock.baseUrl));
  return {
    root,
    codexHome,
    project,
    mock,
    configText: config("http://127.0.0.1:PORT/v1"),
    env: {
      HOME: root,
      CODEX_HOME: codexHome,
      [MOCK_API_KEY_ENV]: "capture-key",
      PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
      LANG: "C.UTF-8",
    },
  };
}

/** Stops the mock and removes the temporary folder. */
export async function closeWorld(world: World): Promise<void> {
  await world.mock.close();
  await Deno.remove(world.root, { recursive: true }).catch(() => {});
}

/** `text` with the temporary folder replaced by {@linkcode DEMO_ROOT}. */
export function neutral(text: string, world: World): string {
  return text.replaceAll(world.root, DEMO_ROOT);
}

/** The rollout files Codex left in `CODEX_HOME/sessions/`, oldest name first. */
export function rolloutFiles(world: World): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of Deno.readDirSync(dir)) {
      const path = join(dir, entry.name);
      if (entry.isDirectory) walk(path);
      else if (entry.name.startsWith("rollout-") && entry.name.endsWith(".jsonl")) found.push(path);
    }
  };
  try {
    walk(join(world.codexHome, "sessions"));
  } catch {
    // no sessions folder: the run wrote no rollout
  }
  return found.sort();
}

async function startMock(respond: MockResponder, port: number): Promise<MockResponsesServer> {
  try {
    return await startMockResponsesServer({ respond, port });
  } catch (error) {
    if (error instanceof Deno.errors.AddrInUse) {
      throw new CodexmonError(`Cannot start the mock Responses API: port ${port} is in use`);
    }
    throw error;
  }
}
