-- wrk script: MCP tools/call (list_todos) over Streamable HTTP. The sessions were opened by
-- tools_call.sh and arrive in the SESSIONS environment variable (space-separated); each
-- request uses the next one in turn, so with -c equal to the number of sessions every session
-- has about one request in flight.
local sessions = {}
for id in string.gmatch(os.getenv("SESSIONS") or "", "%S+") do table.insert(sessions, id) end
local token = os.getenv("TOKEN")
local counter = 0
local thread_offset = 0

function setup(thread)
  thread:set("thread_offset", thread_offset)
  thread_offset = thread_offset + 1
end

local body = '{"jsonrpc":"2.0","id":1,"method":"tools/call",' ..
             '"params":{"name":"list_todos","arguments":{"limit":10}}}'

function request()
  counter = counter + 1
  local session = sessions[((counter * 2 + thread_offset) % #sessions) + 1]
  return wrk.format("POST", "/mcp", {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
    ["Accept"] = "application/json, text/event-stream",
    ["Mcp-Session-Id"] = session,
    ["MCP-Protocol-Version"] = "2025-11-25",
  }, body)
end

local failures = 0
function response(status, headers, body)
  if status ~= 200 or not string.find(body, '"structuredContent"', 1, true) then
    failures = failures + 1
  end
end

function done(summary, latency, requests)
  io.write(string.format("p50_us=%d p90_us=%d p99_us=%d requests=%d errors=%d rps=%.0f\n",
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read +
    summary.errors.write + summary.errors.timeout,
    summary.requests / (summary.duration / 1e6)))
end
