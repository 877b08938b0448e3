-- wrk script for tests/stack/test_load.py: rotates over the paths in WRK_PATHS (comma-separated),
-- sends the Host header in WRK_HOST, and prints one JSON line with the figures at the end.
local paths = {}
for path in string.gmatch(os.getenv("WRK_PATHS") or "/", "[^,]+") do
  table.insert(paths, path)
end
local host = os.getenv("WRK_HOST")
local proto = os.getenv("WRK_FORWARDED_PROTO")
local counter = 0

request = function()
  counter = counter + 1
  local headers = {}
  if host then headers["Host"] = host end
  if proto then headers["X-Forwarded-Proto"] = proto end
  return wrk.format("GET", paths[(counter % #paths) + 1], headers)
end

done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "p50_ms": %.2f, "p95_ms": %.2f, "connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    errors.connect, errors.read, errors.write, errors.status, errors.timeout))
end
