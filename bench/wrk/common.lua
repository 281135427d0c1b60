-- Shared by the wrk workloads: loads var/bench/tokens.txt (role, user id, token per line) and gives each wrk thread
-- its own random stream.
local common = {}

function common.load_tokens()
  local t = {owner = {}, head = {}, manager = {}}
  local f = assert(io.open(os.getenv("BENCH_TOKENS") or "var/bench/tokens.txt"))
  for line in f:lines() do
    local role, id, token = line:match("^(%S+)\t(%S+)\t(%S+)$")
    if role then table.insert(t[role], {id = id, token = token}) end
  end
  f:close()
  return t
end

common.counter = 0
function common.setup(thread)
  common.counter = common.counter + 1
  thread:set("thread_no", common.counter)
end

return common
