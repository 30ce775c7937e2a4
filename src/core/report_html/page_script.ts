/**
 * The report page's script (plain browser JavaScript, no dependencies): renders the embedded
 * data (overview, timeline, charts, requests), filters it, and on a live page re-renders on
 * each server-sent `report` event. It fires `report:rendered` on `document` after each render.
 */

/** The script, inlined into the page. */
export const PAGE_SCRIPT = String.raw`
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var KINDS = ["reasoning", "message", "command", "patch", "approval", "error", "retry"];
  var STATES = ["running", "awaiting_approval", "completed", "failed", "cancelled", "no_response"];
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var renders = 0;

  function h(tag, attrs) {
    var node = document.createElement(tag);
    setAttrs(node, attrs);
    for (var i = 2; i < arguments.length; i++) append(node, arguments[i]);
    return node;
  }
  function s(tag, attrs) {
    var node = document.createElementNS(SVG, tag);
    setAttrs(node, attrs);
    for (var i = 2; i < arguments.length; i++) append(node, arguments[i]);
    return node;
  }
  function setAttrs(node, attrs) {
    if (!attrs) return;
    for (var key in attrs) {
      var value = attrs[key];
      if (value === null || value === undefined || value === false) continue;
      if (key === "text") node.textContent = String(value);
      else node.setAttribute(key, String(value));
    }
  }
  function append(node, child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) { child.forEach(function (c) { append(node, c); }); return; }
    node.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
  }
  function fmtInt(n) { return n === null || n === undefined ? "–" : Math.round(n).toLocaleString("en-US"); }
  function fmtCompact(n) {
    if (n === null || n === undefined) return "–";
    var a = Math.abs(n);
    if (a >= 1e9) return (n / 1e9).toFixed(1) + "G";
    if (a >= 1e6) return (n / 1e6).toFixed(1) + "M";
    if (a >= 1e3) return (n / 1e3).toFixed(1) + "K";
    return String(Math.round(n));
  }
  function fmtDuration(ms) {
    if (ms === null || ms === undefined) return "–";
    if (ms < 1000) return Math.round(ms) + " ms";
    var sec = ms / 1000;
    if (sec < 60) return sec.toFixed(1) + " s";
    var min = Math.floor(sec / 60);
    if (min < 60) return min + " m " + Math.round(sec % 60) + " s";
    return Math.floor(min / 60) + " h " + (min % 60) + " m";
  }
  function fmtCost(usd) { return usd === null || usd === undefined ? "unknown" : "$" + usd.toFixed(usd < 1 ? 4 : 2); }
  function fmtPercent(r) { return r === null || r === undefined ? "–" : (r * 100).toFixed(0) + "%"; }
  function stateBadge(state) { return h("span", { "class": "state state-" + state, text: state.replace("_", " ") }); }
  function clipNote(body) {
    return body.length > body.text.length ? h("div", { "class": "clip", text: "clipped: showing " + fmtInt(body.text.length) + " of " + fmtInt(body.length) + " characters" }) : null;
  }
  function itemId(fileIndex, key, line) { return "f" + fileIndex + "-r" + encodeURIComponent(key) + "-L" + line; }

  var PLACEMENT = {
    arrival: "placed by arrival time (times side file)",
    relative: "placed by arrival time (timing side file, ms after start)",
    rollout: "placed by the rollout's timestamps",
    line: "placed by line position (no arrival times known)"
  };

  function render() {
    var root = document.getElementById("report");
    var scroll = window.scrollY;
    var open = {};
    root.querySelectorAll("details.request[open]").forEach(function (d) { open[d.id] = true; });
    root.textContent = "";
    var generated = new Date(data.generatedAt).toISOString().replace("T", " ").slice(0, 19) + " UTC";
    append(root, h("p", { "class": "muted" }, "generated " + generated + (data.live ? " · live: updates as the file grows" : "")));
    data.files.forEach(function (file, index) { append(root, renderFile(file, index, open)); });
    applyFilter();
    if (renders > 0) window.scrollTo(0, scroll);
    renders++;
    document.body.setAttribute("data-renders", String(renders));
    document.dispatchEvent(new CustomEvent("report:rendered", { detail: renders }));
  }

  function renderFile(file, fileIndex, open) {
    var section = h("section", { "class": "file", "data-file": fileIndex });
    var t = file.totals;
    append(section, h("h2", null, file.path));
    append(section, h("div", { "class": "muted" }, file.format + (file.codexVersion ? " · Codex " + file.codexVersion : "") +
      " · " + fmtInt(file.lines.total) + " lines · " + fmtCompact(file.size) + "B"));
    var stateText = STATES.filter(function (st) { return t.states[st] > 0; }).map(function (st) { return t.states[st] + " " + st.replace("_", " "); }).join(", ");
    append(section, h("div", { "class": "cards" },
      card(fmtInt(t.requests), "requests / turns"),
      card(stateText || "none", "states"),
      card(fmtCompact(t.tokens.total), "tokens (" + fmtCompact(t.tokens.cachedInput) + " cached in)"),
      card(t.costUsd === null ? "unknown" : fmtCost(t.costUsd), "cost" + (t.costUsd !== null && t.costUnknown > 0 ? " (" + t.costUnknown + " unpriced)" : "")),
      card(t.findings.stuck + " stuck · " + t.findings.warning + " warn", "findings (" + t.findings.info + " info)")));
    file.notes.forEach(function (note) { append(section, h("p", { "class": "notes", text: note })); });
    append(section, h("h3", null, "Requests"));
    append(section, overview(file, fileIndex));
    append(section, h("h3", null, "Timeline"));
    append(section, timeline(file, fileIndex));
    append(section, h("h3", null, "Tokens"));
    append(section, charts(file));
    append(section, h("h3", null, "Details"));
    file.requests.forEach(function (request) { append(section, requestDetail(request, fileIndex, open)); });
    return section;
  }
  function card(value, label) { return h("div", { "class": "card" }, h("div", { "class": "value", text: value }), h("div", { "class": "label", text: label })); }

  function overview(file, fileIndex) {
    var head = h("tr", null, ["request", "state", "tool", "model", "duration", "tokens", "thread total", "context", "cost", "commands", "findings", "lines"].map(function (name, i) {
      return h("th", { "class": i >= 4 && i <= 10 ? "num" : null, text: name });
    }));
    var body = h("tbody");
    file.requests.forEach(function (r) {
      var worst = r.findings.length ? r.findings[0] : null;
      body.appendChild(h("tr", { "class": "row", "data-key": r.key, "data-state": r.state, "data-kinds": kindsOf(r).join(" ") },
        h("td", { "class": "mono" }, h("a", { href: "#" + detailId(fileIndex, r.key), text: r.key })),
        h("td", null, stateBadge(r.state)),
        h("td", { text: r.tool || "" }),
        h("td", { text: r.model || "" }),
        h("td", { "class": "num", text: fmtDuration(r.durationMs) }),
        h("td", { "class": "num", text: fmtCompact(r.tokens ? r.tokens.total : null) }),
        h("td", { "class": "num", text: fmtCompact(r.threadTokens) }),
        h("td", { "class": "num", text: fmtPercent(r.contextFill) }),
        h("td", { "class": "num", text: fmtCost(r.costUsd) }),
        h("td", { "class": "num", text: r.counts.commands + (r.counts.failedCommands ? " (" + r.counts.failedCommands + " failed)" : "") }),
        h("td", { "class": "num" + (worst ? " sev-" + worst.severity : ""), text: r.findings.length ? worst.kind + (r.findings.length > 1 ? " +" + (r.findings.length - 1) : "") : "" }),
        h("td", { "class": "num mono", text: r.firstLine + "–" + r.lastLine })));
    });
    return h("table", { "class": "overview" }, h("thead", null, head), body);
  }
  function kindsOf(r) {
    var c = r.counts, kinds = [];
    if (c.reasoning) kinds.push("reasoning"); if (c.messages) kinds.push("message");
    if (c.commands) kinds.push("command"); if (c.patches) kinds.push("patch");
    if (c.approvals) kinds.push("approval"); if (c.errors) kinds.push("error"); if (c.retries) kinds.push("retry");
    return kinds;
  }
  function detailId(fileIndex, key) { return "f" + fileIndex + "-req-" + encodeURIComponent(key); }

  // Where each item sits on the x axis: its time, else interpolated from the request's line span.
  function positions(file) {
    var useTime = file.placement !== "line";
    var out = [];
    file.requests.forEach(function (r) {
      if (!r.detail) return;
      var spans = [];
      var lineToX = function (line) {
        if (!useTime) return line;
        if (r.firstTime === null || r.lastTime === null || r.lastLine === r.firstLine) return r.firstTime;
        return r.firstTime + (line - r.firstLine) / (r.lastLine - r.firstLine) * (r.lastTime - r.firstTime);
      };
      r.detail.items.forEach(function (item) {
        var start = useTime ? (item.time !== null ? item.time : lineToX(item.line)) : item.line;
        var end = useTime ? (item.endTime !== null ? item.endTime : (item.endLine !== null ? lineToX(item.endLine) : start)) : (item.endLine !== null ? item.endLine : item.line);
        if (start === null || start === undefined) return;
        spans.push({ item: item, start: start, end: Math.max(start, end === null ? start : end) });
      });
      var first = useTime ? r.firstTime : r.firstLine, last = useTime ? r.lastTime : r.lastLine;
      if (first === null || last === null) { first = spans.length ? spans[0].start : null; last = first; }
      out.push({ request: r, spans: spans, first: first, last: last });
    });
    return { lanes: out, useTime: useTime };
  }

  function timeline(file, fileIndex) {
    var placed = positions(file);
    var lanes = placed.lanes.filter(function (lane) { return lane.first !== null; });
    var wrap = h("div", { "class": "timeline-wrap" });
    append(wrap, h("div", { "class": "legend" }, KINDS.map(function (k) {
      var cls = k === "command" ? "span-command-ok" : "span-" + k;
      return h("span", null, h("i", { style: "background: var(--" + (k === "command" ? "ok" : k) + ")" }), k === "command" ? "command (exit 0)" : k);
    }), h("span", null, h("i", { style: "background: var(--bad)" }), "command (failed)"),
      h("span", { "class": "muted", text: " · " + PLACEMENT[file.placement] })));
    if (!lanes.length) { append(wrap, h("p", { "class": "muted", text: "No request with items to place." })); return wrap; }
    var min = Infinity, max = -Infinity;
    lanes.forEach(function (lane) {
      min = Math.min(min, lane.first); max = Math.max(max, lane.last);
      lane.spans.forEach(function (sp) { min = Math.min(min, sp.start); max = Math.max(max, sp.end); });
    });
    if (max <= min) max = min + 1;
    var labelW = 150, width = 1100, laneH = 16, top = 18;
    var plotW = width - labelW - 10;
    var height = top + lanes.length * laneH + 6;
    var x = function (v) { return labelW + (v - min) / (max - min) * plotW; };
    var svg = s("svg", { "class": "timeline", viewBox: "0 0 " + width + " " + height, width: width, height: height, role: "img", "aria-label": "timeline" });
    for (var i = 0; i <= 4; i++) {
      var v = min + (max - min) * i / 4;
      var gx = x(v);
      append(svg, s("line", { "class": "grid", x1: gx, x2: gx, y1: top - 4, y2: height }));
      append(svg, s("text", { x: gx, y: 10, "text-anchor": i === 0 ? "start" : i === 4 ? "end" : "middle", text: placed.useTime ? fmtDuration(v - min) : "line " + Math.round(v) }));
    }
    lanes.forEach(function (lane, index) {
      var y = top + index * laneH;
      var r = lane.request;
      var g = s("g", { "class": "lane", "data-key": r.key, "data-state": r.state, "data-kinds": kindsOf(r).join(" ") });
      append(g, s("text", { "class": "lane-label", x: 2, y: y + 11, text: r.key.length > 22 ? r.key.slice(0, 21) + "…" : r.key }, s("title", { text: r.key + " · " + r.state })));
      append(g, s("rect", { x: x(lane.first), y: y + 7, width: Math.max(1, x(lane.last) - x(lane.first)), height: 2, style: "fill: var(--line)" }));
      lane.spans.forEach(function (sp) {
        var it = sp.item, cls = "span-" + it.kind;
        if (it.kind === "command") cls = it.exitCode === null || it.exitCode === undefined ? "span-command-open" : it.exitCode === 0 ? "span-command-ok" : "span-command-bad";
        var w = Math.max(3, x(sp.end) - x(sp.start));
        var label = it.kind + " · line " + it.line + (it.title ? " · " + it.title : "") + (it.exitCode !== undefined && it.exitCode !== null ? " · exit " + it.exitCode : "") + (it.durationMs ? " · " + fmtDuration(it.durationMs) : "");
        append(g, s("rect", { "class": "span " + cls, "data-kind": it.kind, x: x(sp.start), y: y + 2, width: w, height: laneH - 5, rx: 1.5 }, s("title", { text: label })));
      });
      append(svg, g);
    });
    append(wrap, svg);
    return wrap;
  }

  function charts(file) {
    var th = data.thresholds;
    var row = h("div", { "class": "chart-row" });
    var colours = ["var(--accent)", "var(--reasoning)", "var(--ok)", "var(--warn)", "var(--patch)", "var(--retry)", "var(--bad)", "var(--muted)"];
    append(row, chart("Thread cumulative tokens (per thread, by request order)" + (file.charts.threadsLeftOut ? "; " + file.charts.threadsLeftOut + " requests of other threads not drawn" : ""),
      file.charts.threadTokens.map(function (series, i) { return { series: series, colour: colours[i % colours.length] }; }),
      { value: th.tokenTotalWarning, label: "token_total warning " + fmtCompact(th.tokenTotalWarning) }, fmtCompact));
    append(row, chart("Tokens per request", [{ series: file.charts.requestTokens, colour: "var(--accent)", dots: true }],
      { value: th.tokenGrowthWarning, label: "token_growth warning " + fmtCompact(th.tokenGrowthWarning) }, fmtCompact));
    append(row, chart("Context fill against the window (%)", [{ series: file.charts.contextFill, colour: "var(--warn)", dots: true }],
      { value: th.contextFillMaxRatio * 100, label: "context_full warning " + Math.round(th.contextFillMaxRatio * 100) + "%" }, function (v) { return Math.round(v) + "%"; }, 100));
    return row;
  }

  function chart(title, lines, threshold, fmt, fixedMax) {
    var width = 420, height = 200, left = 44, right = 8, top = 10, bottom = 22;
    var xs = [], ys = [];
    lines.forEach(function (l) { l.series.points.forEach(function (p) { xs.push(p.x); ys.push(p.y); }); });
    var fig = h("figure", { "class": "chart" }, h("figcaption", { text: title }));
    var svg = s("svg", { viewBox: "0 0 " + width + " " + height, width: width, height: height, role: "img", "aria-label": title });
    append(fig, svg);
    if (!xs.length) {
      append(svg, s("text", { x: width / 2, y: height / 2, "text-anchor": "middle", text: "no token counts in this file" }));
      return fig;
    }
    var xMin = Math.min.apply(null, xs), xMax = Math.max.apply(null, xs);
    if (xMax <= xMin) xMax = xMin + 1;
    var yMax = fixedMax || Math.max.apply(null, ys) * 1.1;
    if (threshold && threshold.value <= yMax * 3 && threshold.value > yMax) yMax = threshold.value * 1.05;
    if (!(yMax > 0)) yMax = 1;
    var X = function (v) { return left + (v - xMin) / (xMax - xMin) * (width - left - right); };
    var Y = function (v) { return top + (1 - v / yMax) * (height - top - bottom); };
    for (var i = 0; i <= 4; i++) {
      var v = yMax * i / 4;
      append(svg, s("line", { "class": "grid", x1: left, x2: width - right, y1: Y(v), y2: Y(v) }));
      append(svg, s("text", { x: left - 4, y: Y(v) + 3, "text-anchor": "end", text: fmt(v) }));
    }
    var single = Math.max.apply(null, xs) === xMin;
    if (single) { xMin -= 1; xMax = xMin + 2; }
    append(svg, s("text", { x: left, y: height - 6, text: single ? "" : "request " + Math.round(xMin + 1) }));
    append(svg, s("text", { x: width - right, y: height - 6, "text-anchor": "end", text: single ? "request order" : "request " + Math.round(xMax + 1) }));
    if (threshold && threshold.value <= yMax) {
      append(svg, s("line", { "class": "threshold", x1: left, x2: width - right, y1: Y(threshold.value), y2: Y(threshold.value) }, s("title", { text: threshold.label })));
      append(svg, s("text", { x: width - right - 2, y: Y(threshold.value) - 3, "text-anchor": "end", text: threshold.label }));
    }
    if (threshold && threshold.value > yMax) {
      append(svg, s("text", { "class": "threshold-note", x: width - right - 2, y: top + 8, "text-anchor": "end", text: "▲ " + threshold.label + " (above the chart)" }));
    }
    lines.forEach(function (l) {
      var pts = l.series.points;
      if (!pts.length) return;
      if (pts.length > 1 && !l.dots) {
        var d = pts.map(function (p, i) { return (i ? "L" : "M") + X(p.x).toFixed(1) + " " + Y(p.y).toFixed(1); }).join(" ");
        append(svg, s("path", { "class": "series", d: d, style: "stroke: " + l.colour }, s("title", { text: l.series.label })));
      }
      if (pts.length <= 80 || (l.dots && pts.length <= 600)) {
        pts.forEach(function (p) { append(svg, s("circle", { cx: X(p.x), cy: Y(p.y), r: 2.2, style: "fill: " + l.colour }, s("title", { text: "request " + (p.x + 1) + ": " + fmt(p.y) }))); });
      } else if (l.dots) {
        var dd = pts.map(function (p) { return "M" + X(p.x).toFixed(1) + " " + Y(p.y).toFixed(1) + "h0.1"; }).join(" ");
        append(svg, s("path", { "class": "series", d: dd, style: "stroke-linecap: round; stroke-width: 3; stroke: " + l.colour }, s("title", { text: l.series.label })));
      }
    });
    return fig;
  }

  function requestDetail(r, fileIndex, open) {
    var id = detailId(fileIndex, r.key);
    var d = h("details", { "class": "request", id: id, "data-key": r.key, "data-state": r.state, "data-kinds": kindsOf(r).join(" "), open: open[id] ? "" : null });
    var c = r.counts;
    append(d, h("summary", null, h("b", { "class": "mono", text: r.key }), stateBadge(r.state),
      h("span", { "class": "muted", text: [r.tool, r.model, fmtDuration(r.durationMs), fmtCompact(r.tokens ? r.tokens.total : null) + " tokens",
        c.reasoning + " reasoning", c.messages + " messages", c.commands + " commands", c.patches + " patches"].filter(Boolean).join(" · ") }),
      r.findings.map(function (f) { return h("span", { "class": "flag sev-" + f.severity, text: f.kind }); })));
    var body = h("div", { "class": "request-body" });
    append(body, h("div", { "class": "muted mono", text: "lines " + r.firstLine + "–" + r.lastLine + (r.threadId ? " · thread " + r.threadId : "") }));
    var byLine = {};
    r.findings.forEach(function (f) {
      f.lines.forEach(function (line) { (byLine[line] = byLine[line] || []).push(f); });
      append(body, h("div", { "class": "finding finding-" + f.severity },
        h("b", { "class": "sev-" + f.severity, text: f.severity + " " + f.kind + ": " }), f.reason,
        h("div", { "class": "suggestion", text: f.suggestion }),
        f.lines.length ? h("div", { "class": "mono" }, "evidence: ", f.lines.map(function (line, i) {
          return [i ? ", " : "", h("a", { href: "#" + itemId(fileIndex, r.key, line), text: "line " + line })];
        })) : null));
    });
    if (!r.detail) {
      append(body, h("p", { "class": "muted", text: "Items left out to keep the page small." }));
    } else {
      if (r.detail.prompt) {
        append(body, h("div", { "class": "prompt", "data-kind": "prompt" }, h("div", { "class": "head" }, h("span", { "class": "kind", text: "prompt" }), h("span", { "class": "mono muted", text: "line " + r.detail.prompt.line })),
          h("pre", { text: r.detail.prompt.text }), clipNote(r.detail.prompt)));
      } else {
        append(body, h("div", { "class": "muted prompt-missing", text: "prompt: not in this output (Codex writes it only in 0.153+ mcp-server, app-server and rollout files)" }));
      }
      var placed = {};
      var requestOpen = r.state === "running" || r.state === "awaiting_approval";
      r.detail.items.forEach(function (it) {
        var anchor = placed[it.line] ? null : itemId(fileIndex, r.key, it.line);
        placed[it.line] = true;
        var failed = it.kind === "command" && it.exitCode !== null && it.exitCode !== undefined && it.exitCode !== 0;
        var head = h("div", { "class": "head" }, h("span", { "class": "kind", text: it.kind }), h("span", { "class": "mono muted", text: "line " + it.line }),
          it.title ? h("span", { "class": "mono", text: it.title }) : null,
          it.kind === "command" ? h("span", { "class": failed ? "sev-stuck" : "muted", text: it.exitCode === null || it.exitCode === undefined ? (requestOpen ? "running" : "no end seen") : "exit " + it.exitCode }) : null,
          it.durationMs ? h("span", { "class": "muted", text: fmtDuration(it.durationMs) }) : null,
          it.success === false ? h("span", { "class": "sev-stuck", text: "failed" }) : null,
          (byLine[it.line] || []).map(function (f) { return h("span", { "class": "flag sev-" + f.severity, text: "⚑ " + f.kind }); }));
        append(body, h("div", { "class": "item item-" + it.kind + (failed ? " failed" : ""), id: anchor, "data-kind": it.kind, "data-line": it.line },
          head, it.body.text ? h("pre", { text: it.body.text }) : null, clipNote(it.body)));
      });
      if (r.detail.itemsLeftOut) append(body, h("p", { "class": "clip", text: r.detail.itemsLeftOut + " items in the middle left out" }));
      if (r.detail.finalMessage) {
        append(body, h("div", { "class": "final" }, h("div", { "class": "head" }, h("span", { "class": "kind", text: "final answer" })), h("pre", { text: r.detail.finalMessage.text }), clipNote(r.detail.finalMessage)));
      }
    }
    append(d, body);
    return d;
  }

  function applyFilter() {
    var text = document.getElementById("filter-text").value.trim().toLowerCase();
    var kind = document.getElementById("filter-kind").value;
    var state = document.getElementById("filter-state").value;
    var root = document.getElementById("report");
    var matchRequest = function (node) {
      if (state && node.getAttribute("data-state") !== state) return false;
      if (kind && (" " + node.getAttribute("data-kinds") + " ").indexOf(" " + kind + " ") < 0) return false;
      return true;
    };
    root.querySelectorAll("details.request").forEach(function (d) {
      var visibleItems = 0;
      d.querySelectorAll(".item").forEach(function (item) {
        var ok = (!kind || item.getAttribute("data-kind") === kind) && (!text || item.textContent.toLowerCase().indexOf(text) >= 0);
        item.hidden = !ok;
        if (ok) visibleItems++;
      });
      var textOk = !text || visibleItems > 0 || d.querySelector("summary").textContent.toLowerCase().indexOf(text) >= 0;
      d.hidden = !(matchRequest(d) && textOk);
      if (text && !d.hidden && visibleItems > 0) d.open = true;
    });
    var shown = {};
    root.querySelectorAll("details.request").forEach(function (d) { if (!d.hidden) shown[d.getAttribute("data-key")] = true; });
    root.querySelectorAll("tr.row, g.lane").forEach(function (node) {
      node.hidden = !matchRequest(node) || (text !== "" && !shown[node.getAttribute("data-key")]);
      if (node.tagName.toLowerCase() === "g") node.style.opacity = node.hidden ? "0.12" : "";
    });
    root.querySelectorAll("g.lane rect.span").forEach(function (rect) {
      rect.style.opacity = kind && rect.getAttribute("data-kind") !== kind ? "0.15" : "";
    });
    var count = root.querySelectorAll("details.request:not([hidden])").length;
    document.getElementById("filter-count").textContent = count + " of " + root.querySelectorAll("details.request").length + " requests shown";
  }

  function setupControls() {
    var kindSelect = document.getElementById("filter-kind");
    KINDS.forEach(function (k) { kindSelect.appendChild(h("option", { value: k, text: k })); });
    var stateSelect = document.getElementById("filter-state");
    STATES.forEach(function (st) { stateSelect.appendChild(h("option", { value: st, text: st.replace("_", " ") })); });
    ["filter-text", "filter-kind", "filter-state"].forEach(function (id) {
      document.getElementById(id).addEventListener("input", applyFilter);
      document.getElementById(id).addEventListener("change", applyFilter);
    });
    window.addEventListener("beforeprint", function () { document.querySelectorAll("details.request").forEach(function (d) { d.open = true; }); });
  }

  setupControls();
  render();
  if (data.live && typeof EventSource === "function") {
    var source = new EventSource("events");
    source.addEventListener("open", function () { document.body.setAttribute("data-live-connected", "1"); });
    source.addEventListener("report", function (event) { data = JSON.parse(event.data); render(); });
  }
})();
`;
