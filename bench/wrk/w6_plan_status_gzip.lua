-- W6 with Accept-Encoding: gzip (SPEC §6.1): the same answer compressed; compare bytes per answer with W6.
package.path = "bench/wrk/?.lua;" .. package.path
local common = require("common")
local tokens
function init(args) tokens = common.load_tokens() end
function request()
  return wrk.format("GET", "/v1/plan-status?period=" .. os.getenv("BENCH_PERIOD"),
    {["Authorization"] = "Bearer " .. tokens.owner[1].token, ["Accept-Encoding"] = "gzip"})
end
