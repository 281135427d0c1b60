-- W5: POST /v1/call-logs/batch with 1,000 calls (unique external ids), as the owner.
package.path = "bench/wrk/?.lua;" .. package.path
local common = require("common")
local tokens, n, run
function setup(thread) common.setup(thread) end
function init(args)
  tokens = common.load_tokens()
  n = 0
  -- Unique per wrk run (the warm-up is a run of its own) and per thread.
  math.randomseed(os.time() + (thread_no or 0))
  run = (os.getenv("BENCH_RUN") or "") .. "-" .. os.time() .. "-" .. math.random(1, 1000000000)
end
function request()
  n = n + 1
  local items = {}
  for i = 1, 1000 do
    local m = tokens.manager[1 + (i + n) % #tokens.manager]
    items[i] = string.format('{"manager_id":"%s","direction":"outbound","started_at":"2026-01-16T10:00:00Z",' ..
      '"duration_s":%d,"external_id":"w5-%s-%d-%d-%d"}', m.id, i % 300, run, thread_no or 0, n, i)
  end
  return wrk.format("POST", "/v1/call-logs/batch",
    {["Authorization"] = "Bearer " .. tokens.owner[1].token, ["Content-Type"] = "application/json"},
    '{"items":[' .. table.concat(items, ",") .. ']}')
end
