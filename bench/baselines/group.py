#!/usr/bin/env python3
"""Baseline for bench/run.ts: group a codex mcp-server capture by request id, one JSON per line.

Usage: python3 bench/baselines/group.py FILE

Reads the file line by line (memory grows with the number of requests, not the file size),
skips lines that are not JSON (stderr text), counts event types per request, keeps the last
token usage and final message, sets a state from error events, approvals and the response,
then prints one JSON object per request and a summary object.
"""
import json
import sys
from collections import Counter


def main(path):
    requests = {}
    approvals = Counter()
    text_lines = 0
    with open(path, "rb") as capture:
        for raw in capture:
            try:
                message = json.loads(raw)
            except ValueError:  # includes UnicodeDecodeError
                text_lines += 1
                continue
            if not isinstance(message, dict):
                text_lines += 1
                continue
            method = message.get("method")
            if method == "codex/event":
                params = message["params"]
                request_id = params["_meta"]["requestId"]
                key = json.dumps(request_id)
                request = requests.get(key)
                if request is None:
                    request = requests[key] = {"requestId": request_id, "events": 0, "types": Counter()}
                event = params["msg"]
                kind = event.get("type")
                request["events"] += 1
                request["types"][kind] += 1
                if kind == "token_count" and event.get("info"):
                    request["tokens"] = event["info"].get("total_token_usage")
                elif kind == "task_complete":
                    request["final"] = event.get("last_agent_message")
                elif kind == "error":
                    request["error"] = event.get("message")
                elif kind == "session_configured":
                    request["thread"] = event.get("session_id")
            elif method == "elicitation/create":
                approvals[message["params"].get("codex_mcp_tool_call_id")] += 1
            elif method is None and "id" in message:
                request = requests.get(json.dumps(message["id"]))
                if request is not None:
                    result = message.get("result") or {}
                    failed = "error" in message or result.get("isError") or "error" in result
                    request["state"] = "failed" if failed else "completed"
    out = sys.stdout
    for request in requests.values():
        if "state" not in request:
            if "error" in request:
                request["state"] = "failed"
            elif approvals[str(request["requestId"])]:
                request["state"] = "awaiting_approval"
            else:
                request["state"] = "running"
        out.write(json.dumps(request) + "\n")
    out.write(json.dumps({"type": "summary", "requests": len(requests), "textLines": text_lines}) + "\n")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: group.py FILE")
    main(sys.argv[1])
