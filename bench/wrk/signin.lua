-- Sign-ins: POST /v1/sessions with the right email and password (BENCH_EMAIL, BENCH_PASSWORD), each one an Argon2id
-- verification and a session row.
local body
function init(args)
  body = string.format('{"email":"%s","password":"%s"}', os.getenv("BENCH_EMAIL"), os.getenv("BENCH_PASSWORD"))
end
function request()
  return wrk.format("POST", "/v1/sessions", {["Content-Type"] = "application/json"}, body)
end
