-- W10: GET /v1/payouts for the whole organisation (200 managers), as the owner.
package.path = "bench/wrk/?.lua;" .. package.path
local common = require("common")
local tokens
function setup(thread) common.setup(thread) end
function init(args)
  tokens = common.load_tokens()
end
function request()
  return wrk.format("GET", "/v1/payouts", {["Authorization"] = "Bearer " .. tokens.owner[1].token})
end
