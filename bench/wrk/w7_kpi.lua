-- W7: GET /v1/kpi for one manager (themselves), this month, by day.
package.path = "bench/wrk/?.lua;" .. package.path
local common = require("common")
local tokens
function setup(thread) common.setup(thread) end
function init(args)
  tokens = common.load_tokens()
  math.randomseed(os.time() + (thread_no or 0))
end
function request()
  local m = tokens.manager[math.random(1, #tokens.manager)]
  return wrk.format("GET", "/v1/kpi?subject_type=manager&subject_id=" .. m.id .. "&from=" ..
    os.getenv("BENCH_FROM") .. "&to=" .. os.getenv("BENCH_TO") .. "&granularity=day",
    {["Authorization"] = "Bearer " .. m.token})
end
