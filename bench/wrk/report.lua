-- Appended to every workload: prints one machine-readable line with req/s, p50, p99 (ms), errors and bytes per answer
-- (headers included, as read off the socket). A 304 is not an error here: it is W6's conditional answer.
function done(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status +
    summary.errors.timeout
  io.write(string.format("RESULT rps=%.1f p50=%.3f p99=%.3f requests=%d errors=%d non2xx=%d bytes=%.0f\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests, errors, summary.errors.status, summary.requests > 0 and summary.bytes / summary.requests or 0))
end
