-- wrk script for bench/ingest.py: signed Jira webhooks, each delivery with its own identifier.
-- Arguments (after "--"): tokens file (one JWT per line), body file, run id.
-- The body names an issue id as __ISSUE_ID__; deliveries spread over ISSUES issues, as Jira's do.
local ISSUES = 1000

local threads = {}
local next_thread = 1

function setup(thread)
  thread:set("thread_number", next_thread)
  next_thread = next_thread + 1
  table.insert(threads, thread)
end

local function read_file(path)
  local handle = assert(io.open(path, "rb"))
  local text = handle:read("*a")
  handle:close()
  return text
end

local tokens, template, run_id
local sent = 0
-- Globals, not locals: done() reads them from each thread with thread:get().
accepted, refused = 0, 0

function init(args)
  tokens = {}
  for line in read_file(args[1]):gmatch("[^\n]+") do
    table.insert(tokens, line)
  end
  template = read_file(args[2])
  run_id = args[3]
end

function request()
  sent = sent + 1
  local body = template:gsub("__ISSUE_ID__", tostring(10000 + sent % ISSUES))
  local headers = {
    ["Authorization"] = "JWT " .. tokens[sent % #tokens + 1],
    ["Content-Type"] = "application/json",
    ["User-Agent"] = "Atlassian Webhook HTTP Client",
    ["X-Atlassian-Webhook-Identifier"] = run_id .. "-" .. thread_number .. "-" .. sent,
  }
  return wrk.format("POST", nil, headers, body)
end

function response(status, headers, body)
  if status == 202 then
    accepted = accepted + 1
  else
    refused = refused + 1
  end
end

-- One JSON line on stdout for bench/ingest.py; latencies in microseconds.
function done(summary, latency, requests)
  local total_accepted, total_refused = 0, 0
  for _, thread in ipairs(threads) do
    total_accepted = total_accepted + thread:get("accepted")
    total_refused = total_refused + thread:get("refused")
  end
  local errors = summary.errors
  io.write(string.format(
    '{"duration_us": %d, "responses": %d, "accepted": %d, "refused": %d, "socket_errors": %d, ' ..
    '"p50_us": %d, "p90_us": %d, "p99_us": %d, "p999_us": %d, "max_us": %d}\n',
    summary.duration, summary.requests, total_accepted, total_refused,
    errors.connect + errors.read + errors.write + errors.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max))
end
