/** Parses and validates the text of `codexmon.jsonc` (JSON with comments and trailing commas). */

import { type Node, type ParseError, parseTree, printParseErrorCode } from "jsonc-parser";
import { UsageError } from "../errors.ts";
import { MAX_CONFIG_DEPTH, tooDeepAt } from "./nesting_depth.ts";
import { MAX_WHOLE, parseWhole } from "./number_text.ts";
import {
  defaultConfig,
  isThresholdKey,
  thresholdOrderProblem,
  thresholdValueProblem,
} from "./defaults.ts";
import { readPricing } from "../pricing/mod.ts";
import type { ApprovalPolicy, Config, SandboxMode, SessionDefaults } from "./types.ts";

/** Allowed `session.approvalPolicy` values. */
export const APPROVAL_POLICIES: readonly ApprovalPolicy[] = [
  "untrusted",
  "on-failure",
  "on-request",
  "never",
];

/** Allowed `session.sandbox` values. */
export const SANDBOX_MODES: readonly SandboxMode[] = [
  "read-only",
  "workspace-write",
  "danger-full-access",
];

const SESSION_STRING_KEYS = ["model", "profile", "cwd", "codex"] as const;

/**
 * Parses a config file's text. Missing keys take their defaults; an empty file is all defaults.
 * Throws {@linkcode UsageError} `Cannot parse config "PATH": <problem> at line L, column C`
 * for broken JSONC, unknown keys (`$schema` at the top is allowed and ignored), wrong types
 * and thresholds out of order.
 */
export function parseConfig(text: string, path: string): Config {
  const fail: Fail = (problem, offset) => {
    const where = offset === undefined ? "" : ` at ${position(text, offset)}`;
    throw new UsageError(`Cannot parse config "${path}": ${problem}${where}`);
  };
  const deep = tooDeepAt(text);
  if (deep >= 0) fail(`nesting deeper than ${MAX_CONFIG_DEPTH} levels`, deep);
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, {
    allowTrailingComma: true,
    allowEmptyContent: true,
    disallowComments: false,
  });
  const first = errors[0];
  if (first) fail(syntaxProblem(printParseErrorCode(first.error)), first.offset);
  const config = defaultConfig();
  if (root === undefined) return config;
  for (const [key, value, keyNode] of objectEntries(root, "the top level", fail)) {
    switch (key) {
      case "$schema":
        if (value.type !== "string") fail(`"$schema" must be a string`, value.offset);
        break;
      case "stuck":
        readStuck(value, config, fail);
        break;
      case "session":
        config.session = readSession(value, fail);
        break;
      case "pricing":
        config.pricing = readPricing(plainValue(value), (problem) => fail(problem, value.offset));
        break;
      case "maxLineBytes":
        if (value.type !== "number" || parseWhole(String(value.value)) === null) {
          fail(
            `"maxLineBytes" must be a whole number from 1 to ${MAX_WHOLE}, got ${shown(value)}`,
            value.offset,
          );
        }
        if ((value.value as number) < 1) {
          fail(`"maxLineBytes" must be at least 1, got ${shown(value)}`, value.offset);
        }
        config.maxLineBytes = value.value as number;
        break;
      default:
        fail(
          `unknown key "${key}" (expected "stuck", "session", "pricing" or "maxLineBytes")`,
          keyNode.offset,
        );
    }
  }
  const order = thresholdOrderProblem(config.stuck, (key) => `"stuck.${key}"`);
  if (order !== null) fail(order);
  return config;
}

type Fail = (problem: string, offset?: number) => never;

function readStuck(node: Node, config: Config, fail: Fail): void {
  for (const [key, value, keyNode] of objectEntries(node, `"stuck"`, fail)) {
    if (!isThresholdKey(key)) fail(`unknown key "stuck.${key}"`, keyNode.offset);
    const expected = value.type === "number"
      ? thresholdValueProblem(key, value.value as number)
      : thresholdValueProblem(key, Number.NaN);
    if (value.type !== "number" || expected !== null) {
      fail(`"stuck.${key}" must be ${expected}, got ${shown(value)}`, value.offset);
    }
    config.stuck[key] = value.value as number;
  }
}

function readSession(node: Node, fail: Fail): SessionDefaults {
  const session: SessionDefaults = {};
  for (const [key, value, keyNode] of objectEntries(node, `"session"`, fail)) {
    const name = `"session.${key}"`;
    switch (key) {
      case "approvalPolicy":
        session.approvalPolicy = oneOf(value, APPROVAL_POLICIES, name, fail);
        break;
      case "sandbox":
        session.sandbox = oneOf(value, SANDBOX_MODES, name, fail);
        break;
      case "config":
        if (value.type !== "object") {
          fail(`${name} must be an object, got ${shown(value)}`, value.offset);
        }
        session.config = plainValue(value) as Record<string, unknown>;
        break;
      default: {
        const stringKey = SESSION_STRING_KEYS.find((candidate) => candidate === key);
        if (stringKey === undefined) fail(`unknown key ${name}`, keyNode.offset);
        if (value.type !== "string" || (value.value as string) === "") {
          fail(`${name} must be a non-empty string, got ${shown(value)}`, value.offset);
        }
        session[stringKey as typeof SESSION_STRING_KEYS[number]] = value.value as string;
      }
    }
  }
  return session;
}

function oneOf<T extends string>(value: Node, allowed: readonly T[], name: string, fail: Fail): T {
  const found = allowed.find((candidate) => value.type === "string" && candidate === value.value);
  if (found === undefined) {
    const list = allowed.map((item) => `"${item}"`).join(", ");
    return fail(`${name} must be one of ${list}, got ${shown(value)}`, value.offset);
  }
  return found;
}

/** The properties of an object node as `[key, value, keyNode]`; duplicates are errors. */
function objectEntries(node: Node, what: string, fail: Fail): [string, Node, Node][] {
  if (node.type !== "object") fail(`${what} must be an object, got ${shown(node)}`, node.offset);
  const seen = new Set<string>();
  const entries: [string, Node, Node][] = [];
  for (const property of node.children ?? []) {
    const [keyNode, valueNode] = property.children ?? [];
    if (keyNode === undefined || valueNode === undefined) continue;
    const key = keyNode.value as string;
    if (seen.has(key)) fail(`duplicate key "${key}" in ${what}`, keyNode.offset);
    seen.add(key);
    entries.push([key, valueNode, keyNode]);
  }
  return entries;
}

/** The JavaScript value of a node (objects with null prototypes avoided). */
function plainValue(node: Node): unknown {
  switch (node.type) {
    case "object": {
      const result: Record<string, unknown> = {};
      for (const property of node.children ?? []) {
        const [keyNode, valueNode] = property.children ?? [];
        if (keyNode && valueNode) result[keyNode.value as string] = plainValue(valueNode);
      }
      return result;
    }
    case "array":
      return (node.children ?? []).map(plainValue);
    default:
      return node.value as unknown;
  }
}

/** A short rendering of the offending value for messages. */
function shown(node: Node): string {
  switch (node.type) {
    case "object":
      return "an object";
    case "array":
      return "an array";
    case "string": {
      const text = JSON.stringify(node.value);
      return text.length > 40 ? `${text.slice(0, 37)}..."` : text;
    }
    default:
      return String(node.value);
  }
}

/** `line L, column C`, both 1-based, for a character offset. */
function position(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (
    let index = text.indexOf("\n");
    index !== -1 && index < offset;
    index = text.indexOf("\n", index + 1)
  ) {
    line++;
    lineStart = index + 1;
  }
  return `line ${line}, column ${offset - lineStart + 1}`;
}

const SYNTAX_PROBLEMS: Record<string, string> = {
  InvalidSymbol: "invalid symbol",
  InvalidNumberFormat: "invalid number",
  PropertyNameExpected: "expected a property name in double quotes",
  ValueExpected: "expected a value",
  ColonExpected: "expected a colon",
  CommaExpected: "expected a comma",
  CloseBraceExpected: "expected a closing brace",
  CloseBracketExpected: "expected a closing bracket",
  EndOfFileExpected: "expected the end of the file",
  InvalidCommentToken: "invalid comment",
  UnexpectedEndOfComment: "unterminated comment",
  UnexpectedEndOfString: "unterminated string",
  UnexpectedEndOfNumber: "unterminated number",
  InvalidUnicode: "invalid unicode escape",
  InvalidEscapeCharacter: "invalid escape character",
  InvalidCharacter: "invalid character",
};

function syntaxProblem(code: string): string {
  return SYNTAX_PROBLEMS[code] ?? "invalid JSON";
}
