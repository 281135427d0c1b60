-- W9: GET /v1/standups/board for a team, as its head (the bench's teams have 10 managers each).
package.path = "bench/wrk/?.lua;" .. package.path
local common = require("common")
local tokens
function setup(thread) common.setup(thread) end
function init(args)
  tokens = common.load_tokens()
  math.randomseed(os.time() + (thread_no or 0))
end
function request()
  local h = tokens.head[math.random(1, #tokens.head)]
  -- bench/seed.sql: head b3…n heads team b4…n.
  return wrk.format("GET", "/v1/standups/board?team_id=b4" .. h.id:sub(3), {["Authorization"] = "Bearer " .. h.token})
end
