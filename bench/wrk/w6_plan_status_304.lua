-- W6 for a dashboard that polls with If-None-Match (SPEC §6.1): the answer has not changed, so every reply is a 304
-- without a body. BENCH_W6_ETAG is the ETag bench/run.sh read just before.
package.path = "bench/wrk/?.lua;" .. package.path
local common = require("common")
local tokens
function init(args) tokens = common.load_tokens() end
function request()
  return wrk.format("GET", "/v1/plan-status?period=" .. os.getenv("BENCH_PERIOD"),
    {["Authorization"] = "Bearer " .. tokens.owner[1].token, ["If-None-Match"] = os.getenv("BENCH_W6_ETAG")})
end
