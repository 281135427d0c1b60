-- W1: GET /healthz.
wrk.method = "GET"
wrk.path = "/healthz"
