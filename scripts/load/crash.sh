#!/usr/bin/env bash
# kill -9 under load, ROUNDS times: start `external-talk serve` on a fresh SQLite file (synchronous=FULL) with its
# channel pointed at a counting stand-in for the LINE Messaging API (crashkit.py fake-line, which outlives the
# server), load it with wrk (webhooks) and with operators' sends through the admin API at the same time, SIGKILL
# the server mid-run, and count:
#   1. right after the crash, the stored inbound messages are at least the webhooks that got a 200;
#   2. after a restart and a redelivery of every webhook until each gets a 200 (LINE redelivers what it saw no
#      200 for; we resend all, acknowledged ones too), the stored inbound messages are exactly the webhooks;
#   3. every send the admin API accepted reached LINE exactly once (the restarted outbox resends under the same
#      retry key, which LINE answers 409), and none in flight at the crash reached it twice.
#
#   swift build -c release --product external-talk
#   scripts/load/crash.sh [ROUNDS] [WEBHOOKS]
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-20}
count=${2:-20000}
bin=$(swift build -c release --show-bin-path)
[[ -x $bin/external-talk ]] || { echo "build external-talk in release first" >&2; exit 64; }
command -v wrk >/dev/null || { echo "wrk is not installed (Debian: apt-get install wrk)" >&2; exit 69; }

work=$(mktemp -d)
server=""
line_api=""
cleanup() {
    [[ -n $server ]] && kill -9 "$server" 2>/dev/null
    [[ -n $line_api ]] && kill "$line_api" 2>/dev/null
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
secret=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
channel=2000000001
owner=sato@example.co.jp
admin_token=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
python3 scripts/load/make-webhooks.py "$secret" "$channel" "$count" "$work/webhooks.txt"
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

line_port=$(free_port)
python3 scripts/load/crashkit.py fake-line "$line_port" "$work/line.jsonl" >"$work/line.log" 2>&1 &
line_api=$!
cat >"$work/serve.json" <<JSON
{
  "tenant": "example.co.jp",
  "adminToken": "$admin_token",
  "lineAPIBaseURL": "http://127.0.0.1:$line_port",
  "outbox": { "initialDelaySeconds": 1, "maximumDelaySeconds": 2, "attemptLeaseSeconds": 3 },
  "channels": [ { "id": "$channel", "secret": "$secret", "accessToken": "load-token", "owner": "$owner", "plan": "standard" } ]
}
JSON

start() { # DB
    port=$(free_port)
    "$bin/external-talk" serve --config "$work/serve.json" --db "$1" --port "$port" --log-level warning \
        >"$work/server.log" 2>&1 &
    server=$!
    for _ in $(seq 1 300); do grep -q "listening on" "$work/server.log" && return 0; sleep 0.1; done
    echo "the server did not start: $(tail -3 "$work/server.log")" >&2
    exit 1
}

load() { # SECONDS -> RESULT line
    wrk -t2 -c50 -d"$1s" --latency -s scripts/load/webhooks.lua "http://127.0.0.1:$port" \
        -- "$work/webhooks.txt" "$channel" 2 | grep '^RESULT' || echo "RESULT ok=0"
}

stored() { # DB -> inbound messages stored
    "$bin/external-talk" export --db "$1" --channel "$channel" --format jsonl --include-unread |
        python3 -c 'import json, sys; print(sum(json.loads(l)["direction"] == "inbound" for l in sys.stdin))'
}

field() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" <<<"$2"; }

failures=0
for round in $(seq 1 "$rounds"); do
    db="$work/crash-$round.sqlite"
    start "$db"
    url="http://127.0.0.1:$port"
    python3 scripts/load/crashkit.py setup "$url" "$admin_token" "$secret" "$channel" "$owner" 20 "$work/rooms.txt"
    load 4 >"$work/load.txt" &
    loader=$!
    python3 scripts/load/crashkit.py send "$url" "$admin_token" "$owner" "$work/rooms.txt" "r$round" \
        "$work/accepted.txt" 4 >/dev/null &
    sender=$!
    # The crash lands somewhere between 0.5 s and 2.5 s into the run.
    sleep "$(python3 -c 'import random; print(round(random.uniform(0.5, 2.5), 2))')"
    kill -9 "$server"
    wait "$server" 2>/dev/null || true
    wait "$loader" || true
    wait "$sender" || true
    result=$(cat "$work/load.txt")
    acknowledged=$(field ok "$result")
    after_crash=$(stored "$db")
    start "$db"
    python3 scripts/load/crashkit.py deliver "http://127.0.0.1:$port" "$channel" "$work/webhooks.txt" >/dev/null
    sends=$(python3 scripts/load/crashkit.py count "$work/line.jsonl" "$work/accepted.txt" "r$round" 60)
    kill "$server"
    wait "$server" 2>/dev/null || true
    server=""
    final=$(stored "$db")
    verdict=ok
    if (( after_crash < acknowledged )) || (( final != count )) || [[ $sends != *verdict=ok* ]]; then
        verdict=FAILED
        failures=$((failures + 1))
    fi
    echo "round $round: 200s before the crash=$acknowledged stored after the crash=$after_crash" \
        "stored after redelivery=$final of $count; ${sends#SENT }: $verdict"
done
echo "$rounds rounds, $failures failed"
(( failures == 0 ))
