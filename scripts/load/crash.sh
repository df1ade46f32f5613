#!/usr/bin/env bash
# kill -9 under load, ROUNDS times: start `external-talk serve` on a fresh SQLite file (synchronous=FULL), load
# it with wrk, SIGKILL the server mid-run, and count:
#   1. right after the crash, the stored messages are at least the webhooks that got a 200 (each 200 durable);
#   2. after a restart and a redelivery of every webhook (LINE redelivers what it saw no 200 for; we resend
#      all, acknowledged ones too), the stored messages are exactly the webhooks (none lost, none twice).
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
cleanup() { [[ -n $server ]] && kill -9 "$server" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
secret=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
channel=2000000001
python3 scripts/load/make-webhooks.py "$secret" "$channel" "$count" "$work/webhooks.txt"

start() { # DB
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    "$bin/external-talk" serve --db "$1" --port "$port" --line-channel "$channel=$secret" --log-level warning \
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

stored() { "$bin/external-talk" export --db "$1" --channel "$channel" --format jsonl --include-unread | wc -l; }

field() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" <<<"$2"; }

failures=0
for round in $(seq 1 "$rounds"); do
    db="$work/crash-$round.sqlite"
    start "$db"
    load 4 >"$work/load.txt" &
    loader=$!
    # The crash lands somewhere between 0.5 s and 2.5 s into the run.
    sleep "$(python3 -c 'import random; print(round(random.uniform(0.5, 2.5), 2))')"
    kill -9 "$server"
    wait "$server" 2>/dev/null || true
    wait "$loader" || true
    result=$(cat "$work/load.txt")
    acknowledged=$(field ok "$result")
    after_crash=$(stored "$db")
    start "$db"
    load 60 >/dev/null
    kill "$server"
    wait "$server" 2>/dev/null || true
    server=""
    final=$(stored "$db")
    verdict=ok
    if (( after_crash < acknowledged )) || (( final != count )); then verdict=FAILED; failures=$((failures + 1)); fi
    echo "round $round: 200s before the crash=$acknowledged stored after the crash=$after_crash stored after redelivery=$final of $count: $verdict"
done
echo "$rounds rounds, $failures failed"
(( failures == 0 ))
