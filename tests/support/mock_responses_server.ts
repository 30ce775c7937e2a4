/**
 * A mock of the OpenAI Responses API (`POST /v1/responses`, SSE) on 127.0.0.1 for tests that
 * run real Codex. Each test scripts the answers (a queue, or a function of the request) and can
 * read back what Codex sent.
 */

/** Token usage the mock reports in `response.completed`. */
export interface MockUsage {
  input: number;
  cachedInput?: number;
  output: number;
  reasoningOutput?: number;
}

/** One output item of a streamed response. */
export type MockItem =
  | { type: "reasoning"; summary: string[] }
  | { type: "message"; text: string }
  | { type: "function_call"; name: string; arguments: unknown; callId?: string }
  | {
    /** A shell command in the tool the requesting Codex offers (`shell` in 0.47, `exec_command` in 0.15x). */
    type: "shell";
    command: string;
    /** 0.15x: ask to run outside the sandbox (`sandbox_permissions: "require_escalated"`). */
    escalate?: string;
    callId?: string;
  };

/** What the mock answers to one request. */
export type MockResponse =
  | {
    kind: "stream";
    items: MockItem[];
    usage?: MockUsage;
    /** Extra response headers (rate limits...). */
    headers?: Record<string, string>;
    /** Characters per text delta (default 8). */
    chunk?: number;
    /**
     * Sends `response.created` at once and the rest once this resolves (the stream ends when the
     * server closes first): the turn stays running until the test says so.
     */
    gate?: Promise<void>;
  }
  | { kind: "http_error"; status: number; body?: unknown }
  /** Sends the headers and `response.created`, then nothing until the server closes. */
  | { kind: "stall" };

/** A request Codex sent, as the mock saw it. */
export interface RecordedRequest {
  /** 1-based order of arrival. */
  index: number;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
  /** Names of the tools the request offers. */
  tools: string[];
  /** Text of the last user message of the input. */
  lastUserText: string | null;
  /** Texts of all user messages. */
  userTexts: string[];
  /** Call ids of `function_call_output` items in the input. */
  functionOutputs: string[];
}

/** Chooses the answer to a request. */
export type MockResponder = (request: RecordedRequest) => MockResponse;

/** Options for {@linkcode startMockResponsesServer}. */
export interface MockServerOptions {
  /** Answers in order; when empty, `respond` or a plain message answers. */
  queue?: MockResponse[];
  /** Answers every request the queue does not. */
  respond?: MockResponder;
  /** The port on 127.0.0.1 (default 0: a free one); a port in use throws `AddrInUse`. */
  port?: number;
}

/** A running mock server. */
export interface MockResponsesServer {
  /** `http://127.0.0.1:PORT/v1`, the `base_url` for Codex. */
  baseUrl: string;
  port: number;
  /** Every request received so far. */
  requests: RecordedRequest[];
  /** Resolves once `count` requests arrived; rejects after `timeoutMs`. */
  waitForRequests(count: number, options?: { timeoutMs?: number }): Promise<RecordedRequest[]>;
  /** Ends stalled streams and stops the server. */
  close(): Promise<void>;
}

const encoder = new TextEncoder();

/** Starts the mock on 127.0.0.1 with a free port. */
export function startMockResponsesServer(
  options: MockServerOptions = {},
): Promise<MockResponsesServer> {
  const queue = [...(options.queue ?? [])];
  const requests: RecordedRequest[] = [];
  const waiters = new Set<() => void>();
  const closing = new AbortController();
  let responseCount = 0;

  const handler = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const text = await request.text();
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = text;
    }
    const recorded = describeRequest(requests.length + 1, request, url.pathname, body);
    requests.push(recorded);
    for (const wake of waiters) wake();
    if (request.method !== "POST" || !url.pathname.endsWith("/responses")) {
      return new Response(JSON.stringify({ error: { message: "not found" } }), { status: 404 });
    }
    const answer = queue.shift() ?? options.respond?.(recorded) ??
      { kind: "stream", items: [{ type: "message", text: "OK" }] };
    responseCount += 1;
    return respondWith(answer, recorded, `resp_${responseCount}`, closing.signal);
  };

  const server = Deno.serve({
    hostname: "127.0.0.1",
    port: options.port ?? 0,
    onListen: () => {},
    signal: closing.signal,
  }, handler);
  const port = server.addr.port;
  return Promise.resolve({
    baseUrl: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    waitForRequests(count, waitOptions = {}) {
      const timeoutMs = waitOptions.timeoutMs ?? 30_000;
      if (requests.length >= count) return Promise.resolve(requests.slice());
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(`Mock server got ${requests.length} of ${count} requests in ${timeoutMs} ms`),
          );
        }, timeoutMs);
        const check = () => {
          if (requests.length < count) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(requests.slice());
        };
        waiters.add(check);
      });
    },
    async close() {
      closing.abort();
      await server.finished;
    },
  });
}

function describeRequest(
  index: number,
  request: Request,
  path: string,
  body: unknown,
): RecordedRequest {
  const headers: Record<string, string> = {};
  request.headers.forEach((value, key) => headers[key] = value);
  const tools: string[] = [];
  const userTexts: string[] = [];
  const functionOutputs: string[] = [];
  if (isRecord(body)) {
    for (const tool of asArray(body.tools)) {
      if (isRecord(tool) && typeof tool.name === "string") tools.push(tool.name);
    }
    for (const item of asArray(body.input)) {
      if (!isRecord(item)) continue;
      if (item.type === "function_call_output" && typeof item.call_id === "string") {
        functionOutputs.push(item.call_id);
      }
      if (item.type === "message" && item.role === "user") {
        const text = asArray(item.content)
          .map((part) => isRecord(part) && typeof part.text === "string" ? part.text : "")
          .join("");
        // the environment context is sent as a user message too; it is not a prompt
        if (!text.startsWith("<environment_context>") && !text.startsWith("<user_instructions>")) {
          userTexts.push(text);
        }
      }
    }
  }
  return {
    index,
    method: request.method,
    path,
    headers,
    body,
    tools,
    lastUserText: userTexts.at(-1) ?? null,
    userTexts,
    functionOutputs,
  };
}

function respondWith(
  answer: MockResponse,
  request: RecordedRequest,
  responseId: string,
  closing: AbortSignal,
): Response {
  if (answer.kind === "http_error") {
    const body = answer.body ??
      { error: { message: `mock error ${answer.status}`, type: "server_error" } };
    return new Response(JSON.stringify(body), {
      status: answer.status,
      headers: { "content-type": "application/json" },
    });
  }
  const headers = { "content-type": "text/event-stream", "cache-control": "no-cache" };
  if (answer.kind === "stall") {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(sse("response.created", created(responseId)));
        const end = () => {
          try {
            controller.close();
          } catch {
            // already closed by the client
          }
        };
        if (closing.aborted) return end();
        closing.addEventListener("abort", end, { once: true });
      },
    });
    return new Response(stream, { headers });
  }
  const events = streamEvents(answer, request, responseId);
  const text = events.map(([name, data]) => sseText(name, data)).join("");
  const allHeaders = { ...headers, ...(answer.headers ?? {}) };
  const gate = answer.gate;
  if (gate === undefined) return new Response(encoder.encode(text), { headers: allHeaders });
  const [first, ...rest] = events;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      if (first !== undefined) controller.enqueue(sse(first[0], first[1]));
      const end = (more: string) => {
        try {
          if (more !== "") controller.enqueue(encoder.encode(more));
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      const onClose = () => end("");
      if (closing.aborted) return onClose();
      closing.addEventListener("abort", onClose, { once: true });
      gate.then(() => {
        closing.removeEventListener("abort", onClose);
        end(rest.map(([name, data]) => sseText(name, data)).join(""));
      });
    },
  });
  return new Response(stream, { headers: allHeaders });
}

type SseEvent = [string, Record<string, unknown>];

function streamEvents(
  answer: Extract<MockResponse, { kind: "stream" }>,
  request: RecordedRequest,
  responseId: string,
): SseEvent[] {
  const chunkSize = answer.chunk ?? 8;
  const events: SseEvent[] = [["response.created", created(responseId)]];
  const output: Record<string, unknown>[] = [];
  answer.items.forEach((item, outputIndex) => {
    const id = `${responseId}_item_${outputIndex}`;
    switch (item.type) {
      case "reasoning": {
        const added = { type: "reasoning", id, summary: [] };
        events.push(["response.output_item.added", { output_index: outputIndex, item: added }]);
        item.summary.forEach((text, summaryIndex) => {
          const part = { item_id: id, output_index: outputIndex, summary_index: summaryIndex };
          events.push(["response.reasoning_summary_part.added", {
            ...part,
            part: { type: "summary_text", text: "" },
          }]);
          for (const delta of chunks(text, chunkSize)) {
            events.push(["response.reasoning_summary_text.delta", { ...part, delta }]);
          }
          events.push(["response.reasoning_summary_text.done", { ...part, text }]);
          events.push(["response.reasoning_summary_part.done", {
            ...part,
            part: { type: "summary_text", text },
          }]);
        });
        const done = {
          type: "reasoning",
          id,
          summary: item.summary.map((text) => ({ type: "summary_text", text })),
        };
        events.push(["response.output_item.done", { output_index: outputIndex, item: done }]);
        output.push(done);
        break;
      }
      case "message": {
        const base = { type: "message", id, role: "assistant", status: "in_progress", content: [] };
        events.push(["response.output_item.added", { output_index: outputIndex, item: base }]);
        const where = { item_id: id, output_index: outputIndex, content_index: 0 };
        events.push(["response.content_part.added", {
          ...where,
          part: { type: "output_text", text: "", annotations: [] },
        }]);
        for (const delta of chunks(item.text, chunkSize)) {
          events.push(["response.output_text.delta", { ...where, delta }]);
        }
        events.push(["response.output_text.done", { ...where, text: item.text }]);
        const content = [{ type: "output_text", text: item.text, annotations: [] }];
        events.push(["response.content_part.done", { ...where, part: content[0] }]);
        const done = { ...base, status: "completed", content };
        events.push(["response.output_item.done", { output_index: outputIndex, item: done }]);
        output.push(done);
        break;
      }
      case "function_call":
      case "shell": {
        const call = item.type === "shell" ? shellCall(item, request) : item;
        const done = {
          type: "function_call",
          id: `fc_${id}`,
          status: "completed",
          name: call.name,
          arguments: typeof call.arguments === "string"
            ? call.arguments
            : JSON.stringify(call.arguments),
          call_id: item.callId ?? `call_${id}`,
        };
        events.push(["response.output_item.added", {
          output_index: outputIndex,
          item: { ...done, status: "in_progress", arguments: "" },
        }]);
        events.push(["response.output_item.done", { output_index: outputIndex, item: done }]);
        output.push(done);
        break;
      }
      default: {
        const unknown: never = item;
        throw new TypeError(`Unknown mock item: ${JSON.stringify(unknown)}`);
      }
    }
  });
  const usage = answer.usage ?? { input: 1000, output: 50 };
  const reasoning = usage.reasoningOutput ?? 0;
  events.push(["response.completed", {
    response: {
      id: responseId,
      object: "response",
      status: "completed",
      output,
      usage: {
        input_tokens: usage.input,
        input_tokens_details: { cached_tokens: usage.cachedInput ?? 0 },
        output_tokens: usage.output,
        output_tokens_details: { reasoning_tokens: reasoning },
        total_tokens: usage.input + usage.output,
      },
    },
  }]);
  return events.map(([name, data], sequence) => [name, { sequence_number: sequence, ...data }]);
}

/** The function call that runs `command` in the shell tool the request offers. */
function shellCall(
  item: Extract<MockItem, { type: "shell" }>,
  request: RecordedRequest,
): { name: string; arguments: unknown } {
  if (request.tools.includes("exec_command")) {
    const args: Record<string, unknown> = { cmd: item.command, yield_time_ms: 2000 };
    if (item.escalate !== undefined) {
      args.sandbox_permissions = "require_escalated";
      args.justification = item.escalate;
    }
    return { name: "exec_command", arguments: args };
  }
  return { name: "shell", arguments: { command: ["bash", "-lc", item.command] } };
}

function created(responseId: string): Record<string, unknown> {
  return { response: { id: responseId, object: "response", status: "in_progress", output: [] } };
}

function sse(name: string, data: Record<string, unknown>): Uint8Array {
  return encoder.encode(sseText(name, data));
}

function sseText(name: string, data: Record<string, unknown>): string {
  return `event: ${name}\ndata: ${JSON.stringify({ type: name, ...data })}\n\n`;
}

function chunks(text: string, size: number): string[] {
  const parts: string[] = [];
  for (let index = 0; index < text.length; index += size) {
    parts.push(text.slice(index, index + size));
  }
  return parts.length > 0 ? parts : [""];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Options for {@linkcode writeCodexHome}. */
export interface CodexHomeOptions {
  /** The mock's `base_url`. */
  baseUrl: string;
  /** `model = ...` (0.15x needs a model the catalog knows, e.g. `gpt-5.2`). */
  model?: string;
  /** Extra `config.toml` lines. */
  extra?: string[];
}

/** The environment variable Codex reads the mock's API key from. */
export const MOCK_API_KEY_ENV = "MOCK_API_KEY";

/** Writes `dir/config.toml` pointing a `model_providers.mock` entry at the mock; returns `dir`. */
export async function writeCodexHome(dir: string, options: CodexHomeOptions): Promise<string> {
  await Deno.mkdir(dir, { recursive: true });
  const lines = [
    ...(options.model ? [`model = ${JSON.stringify(options.model)}`] : []),
    `model_provider = "mock"`,
    ...(options.extra ?? []),
    "",
    "[model_providers.mock]",
    `name = "mock"`,
    `base_url = ${JSON.stringify(options.baseUrl)}`,
    `env_key = "${MOCK_API_KEY_ENV}"`,
    `wire_api = "responses"`,
    "",
  ];
  await Deno.writeTextFile(`${dir}/config.toml`, lines.join("\n"));
  return dir;
}
