-- W8: POST /v1/crm-events/batch with 1,000 events (unique external ids), as the owner: a CRM's feed of new leads,
-- their first contacts, deals and their stages, and meetings, spread over the managers. Every batch creates 400
-- leads and 100 deals and moves 300 of its leads and 100 of its deals on, so both merges do real work.
package.path = "bench/wrk/?.lua;" .. package.path
local common = require("common")
local tokens, n, run
function setup(thread) common.setup(thread) end
function init(args)
  tokens = common.load_tokens()
  n = 0
  math.randomseed(os.time() + (thread_no or 0))
  run = (os.getenv("BENCH_RUN") or "") .. "-" .. os.time() .. "-" .. math.random(1, 1000000000)
end
local kinds = {"lead.created", "lead.created", "lead.created", "lead.created", "lead.first_contact",
  "lead.first_contact", "lead.first_contact", "deal.created", "deal.stage_changed", "meeting.held"}
function request()
  n = n + 1
  local items = {}
  local prefix = string.format("%s-%d-%d", run, thread_no or 0, n)
  for i = 1, 1000 do
    local m = tokens.manager[1 + (i + n) % #tokens.manager]
    local kind = kinds[1 + (i - 1) % 10]
    local group = math.floor((i - 1) / 10)
    local extra
    if kind == "lead.created" or kind == "lead.first_contact" then
      extra = string.format(',"lead_id":"w8-%s-L%d-%d"', prefix, group, (i - 1) % 10 % 4)
    elseif kind == "deal.created" then
      extra = string.format(',"deal_id":"w8-%s-D%d","stage":"new","amount_minor":%d', prefix, group, i * 100)
    elseif kind == "deal.stage_changed" then
      extra = string.format(',"deal_id":"w8-%s-D%d","stage":"proposal"', prefix, group)
    else
      extra = ""
    end
    items[i] = string.format('{"external_id":"w8-%s-%d","type":"%s","occurred_at":"2026-01-16T10:%02d:00Z",' ..
      '"manager_id":"%s"%s}', prefix, i, kind, i % 60, m.id, extra)
  end
  return wrk.format("POST", "/v1/crm-events/batch",
    {["Authorization"] = "Bearer " .. tokens.owner[1].token, ["Content-Type"] = "application/json"},
    '{"items":[' .. table.concat(items, ",") .. ']}')
end
