# Baseline for bench/run.ts: group a codex mcp-server capture by request id with jq.
# Run as: jq -n -R -c -f bench/baselines/group.jq FILE
# Every line is read raw and parsed with `fromjson?`, so stderr text lines are counted, not fatal.
# Per request it counts event types, keeps the last token usage and final message, and sets a
# state from the error events, approvals and the response. A request is printed (and dropped
# from the state) when its response arrives; open ones and a summary are printed at the end.
# Dropping finished requests matters: jq 1.6 copies the state object on every update, so a
# state that keeps every request makes the run quadratic in the number of requests. They are
# dropped by rebuilding the small map (with_entries), because `del` leaves dead slots behind
# that every later copy still pays for.
def state_of($approvals):
  if .error != null then "failed"
  elif $approvals[.requestId | tostring] != null then "awaiting_approval"
  else "running" end;

foreach ((inputs | (fromjson? // "TEXT")), null) as $m (
  {open: {}, approvals: {}, text: 0, requests: 0, out: null};
  .out = null
  | if $m == null then
      .approvals as $approvals
      | .out = ([.open[] | .state = state_of($approvals)]
                + [{type: "summary", requests: .requests, textLines: .text}])
    elif ($m | type) != "object" then .text |= . + 1
    elif $m.method == "codex/event" then
      ($m.params._meta.requestId | tojson) as $k
      | $m.params.msg as $e
      | if .open[$k] == null then
          .open[$k] = {requestId: $m.params._meta.requestId, events: 0, types: {}}
          | .requests |= . + 1
        else . end
      | .open[$k].events |= . + 1
      | .open[$k].types[$e.type] |= . + 1
      | if $e.type == "token_count" and $e.info != null then
          .open[$k].tokens = $e.info.total_token_usage
        elif $e.type == "task_complete" then .open[$k].final = $e.last_agent_message
        elif $e.type == "error" then .open[$k].error = $e.message
        elif $e.type == "session_configured" then .open[$k].thread = $e.session_id
        else . end
    elif $m.method == "elicitation/create" then
      .approvals[$m.params.codex_mcp_tool_call_id] |= . + 1
    elif $m.method == null and .open[$m.id | tojson] != null then
      ($m.id | tojson) as $k
      | .out = [.open[$k]
                | .state = (if ($m.result.isError // false) or $m.result.error != null
                               or $m.error != null
                            then "failed" else "completed" end)]
      | .open |= with_entries(select(.key != $k))
      | ($m.id | tostring) as $a | .approvals |= with_entries(select(.key != $a))
    else . end;
  .out // empty | .[]
)
