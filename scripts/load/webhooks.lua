-- wrk script: posts the signed webhooks of a file made by make-webhooks.py, each once, spread over the threads.
--   wrk -t2 -c50 -d10s --latency -s webhooks.lua URL -- FILE CHANNEL THREADS [repeat]
-- A thread that runs out of webhooks stops, so no body is sent twice; the result then says exhausted=1, and
-- the run needs a larger file.
local threads = {}
local counter = 0

function setup(thread)
    thread:set("index", counter)
    counter = counter + 1
    table.insert(threads, thread)
end

function init(args)
    local file, channel = args[1], args[2]
    -- "repeat" starts over at the end instead of stopping: for the bare route, which stores nothing.
    wraps = args[4] == "repeat"
    local total = tonumber(args[3] or "2")
    path = "/webhooks/line/" .. channel
    bodies, signatures = {}, {}
    local n = 0
    for line in io.lines(file) do
        if n % total == index then
            local tab = line:find("\t", 1, true)
            signatures[#signatures + 1] = line:sub(1, tab - 1)
            bodies[#bodies + 1] = line:sub(tab + 1)
        end
        n = n + 1
    end
    next_body = 1
    sent = 0
end

function request()
    if next_body > #bodies and wraps then next_body = 1 end
    if next_body > #bodies then
        exhausted = 1
        wrk.thread:stop()
        return wrk.format("GET", "/health")
    end
    local i = next_body
    next_body = next_body + 1
    sent = sent + 1
    return wrk.format("POST", path, {
        ["Content-Type"] = "application/json",
        ["X-Line-Signature"] = signatures[i],
    }, bodies[i])
end

function response(status, headers, body)
    if status == 200 then ok = (ok or 0) + 1 elseif status >= 400 then refused = (refused or 0) + 1 end
end

function done(summary, latency, requests)
    local ok, refused, sent, exhausted = 0, 0, 0, 0
    for _, thread in ipairs(threads) do
        exhausted = math.max(exhausted, thread:get("exhausted") or 0)
        ok = ok + (thread:get("ok") or 0)
        refused = refused + (thread:get("refused") or 0)
        sent = sent + (thread:get("sent") or 0)
    end
    io.write(string.format("RESULT requests/s=%.0f p50_ms=%.2f p99_ms=%.2f sent=%d ok=%d refused=%d socket_errors=%d exhausted=%d\n",
        summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
        sent, ok, refused,
        summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, exhausted))
end
