-- W4: POST /v1/call-logs with a unique external_id, by random managers.
package.path = "bench/wrk/?.lua;" .. package.path
local common = require("common")
local tokens, n, run
function setup(thread) common.setup(thread) end
function init(args)
  tokens = common.load_tokens()
  math.randomseed(os.time() + (thread_no or 0))
  n = 0
  -- Unique per wrk run (the warm-up is a run of its own) and per thread.
  math.randomseed(os.time() + (thread_no or 0))
  run = (os.getenv("BENCH_RUN") or "") .. "-" .. os.time() .. "-" .. math.random(1, 1000000000)
end
function request()
  n = n + 1
  local m = tokens.manager[math.random(1, #tokens.manager)]
  local body = string.format('{"direction":"outbound","started_at":"2026-01-15T10:00:00Z","duration_s":%d,' ..
    '"outcome":"talked","external_id":"w4-%s-%d-%d"}', n % 300, run, thread_no or 0, n)
  return wrk.format("POST", "/v1/call-logs",
    {["Authorization"] = "Bearer " .. m.token, ["Content-Type"] = "application/json"}, body)
end
