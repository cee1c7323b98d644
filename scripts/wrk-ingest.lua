-- wrk script for scripts/wrk-ingest.sh: posts pre-signed WhatsApp webhook bodies
-- (wrk's Lua cannot compute HMAC-SHA256). The file has one "signature TAB body"
-- a line; thread k of n sends lines k, k+n, k+2n, … so no message id is sent
-- twice until a thread runs out and starts its share again (the shell script
-- warns when that happened: retries are cheaper than new rows).
--
--   wrk -t2 -c64 -d10s -s scripts/wrk-ingest.lua http://127.0.0.1:PORT/webhook -- BODIES_FILE THREADS

local counter = 0

function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
end

function init(args)
  local path = args[1]
  local f = assert(io.open(path, "r"), "cannot open " .. tostring(path))
  requests_ = {}
  local i = 0
  local n = tonumber(wrk.thread:get("tid")) or 0
  -- a thread starts before the next one is set up: the count comes from the command line
  local total = tonumber(args[2]) or 1
  for line in f:lines() do
    if i % total == n then
      local tab = line:find("\t", 1, true)
      if tab then
        local sig = line:sub(1, tab - 1)
        local body = line:sub(tab + 1)
        requests_[#requests_ + 1] = wrk.format("POST", nil, {
          ["Content-Type"] = "application/json",
          ["X-Hub-Signature-256"] = sig,
        }, body)
      end
    end
    i = i + 1
  end
  f:close()
  assert(#requests_ > 0, "no bodies in " .. tostring(path))
  next_ = 1
end

function request()
  local r = requests_[next_]
  next_ = next_ + 1
  if next_ > #requests_ then next_ = 1 end
  return r
end

function done(summary, latency, requests)
  local secs = summary.duration / 1e6
  local bad = summary.errors.status + summary.errors.connect + summary.errors.read
            + summary.errors.write + summary.errors.timeout
  io.write(string.format("requests %d\n", summary.requests))
  io.write(string.format("requests/s %.0f\n", summary.requests / secs))
  io.write(string.format("latency p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format("errors %d (non-2xx %d)\n", bad, summary.errors.status))
end
