-- W2: GET /v1/tasks/{id} for random tasks, as the owner (who sees every task).
package.path = "bench/wrk/?.lua;" .. package.path
local common = require("common")
local tokens, tasks
function setup(thread) common.setup(thread) end
function init(args)
  tokens = common.load_tokens()
  tasks = tonumber(os.getenv("BENCH_TASKS") or "200000")
  math.randomseed(os.time() + (thread_no or 0))
end
function request()
  local id = string.format("b1000000-0000-4000-8000-%012x", math.random(1, tasks))
  return wrk.format("GET", "/v1/tasks/" .. id, {["Authorization"] = "Bearer " .. tokens.owner[1].token})
end
