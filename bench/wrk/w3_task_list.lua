-- W3: GET /v1/tasks?assignee_id=<self>&limit=20 by random managers.
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
  return wrk.format("GET", "/v1/tasks?assignee_id=" .. m.id .. "&limit=20", {["Authorization"] = "Bearer " .. m.token})
end
