#!/usr/bin/env bash
# Load figures for the Performance article: wrk against a bare Hummingbird route (the ceiling) and against
# `external-talk serve` on SQLite (synchronous=FULL) and, when EXTERNAL_TALK_TEST_POSTGRES_URL is set, on
# PostgreSQL, all in one run; then the same with bad requests mixed in. After each server run it counts the
# stored messages: every 200 must be exactly one stored message.
#
#   swift build -c release --product external-talk && swift build -c release --product ExternalTalkBareRoute
#   scripts/with-postgres.sh scripts/load/run.sh [SECONDS] [CONNECTIONS] [ROUNDS]
#
# Only loopback addresses; each wrk run is bounded by SECONDS (10) and by the number of webhooks in its file.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-10}
connections=${2:-50}
rounds=${3:-1}
bin=$(swift build -c release --show-bin-path)
for tool in "$bin/external-talk" "$bin/ExternalTalkBareRoute"; do
    [[ -x $tool ]] || { echo "build $tool first (see the header of $0)" >&2; exit 64; }
done
command -v wrk >/dev/null || { echo "wrk is not installed (Debian: apt-get install wrk)" >&2; exit 69; }

work=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
secret=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
channel=2000000001
count=$((seconds * 15000))
python3 scripts/load/make-webhooks.py "$secret" "$channel" "$count" "$work/good.txt"
python3 scripts/load/make-webhooks.py "$secret" "$channel" "$count" "$work/mixed.txt" --bad-every 10

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# Starts a server in the background and waits for its `listening on` line; sets $port and $server.
start() {
    port=$(free_port)
    "$@" --port "$port" >"$work/server.log" 2>&1 &
    server=$!
    pids+=("$server")
    for _ in $(seq 1 300); do
        grep -q "listening on" "$work/server.log" 2>/dev/null && return 0
        sleep 0.1
    done
    echo "the server did not start: $(tail -3 "$work/server.log")" >&2
    exit 1
}

stop() { kill "$server"; wait "$server" 2>/dev/null || true; }

load() { # FILE [repeat] -> prints the RESULT line
    wrk -t2 -c"$connections" -d"${seconds}s" --latency -s scripts/load/webhooks.lua "http://127.0.0.1:$port" \
        -- "$1" "$channel" 2 ${2:-} | grep '^RESULT'
}

stored() { # STORE-ARGUMENTS -> number of stored messages of the channel
    "$bin/external-talk" export "$@" --channel "$channel" --format jsonl --include-unread | wc -l
}

for round in $(seq 1 "$rounds"); do
    start "$bin/ExternalTalkBareRoute"
    echo "round $round bare-route $(load "$work/good.txt" repeat)"
    stop

    for input in good mixed; do
        db="$work/$input-$round.sqlite"
        start "$bin/external-talk" serve --db "$db" --line-channel "$channel=$secret" --log-level warning
        result=$(load "$work/$input.txt")
        stop
        echo "round $round sqlite-$input $result stored=$(stored --db "$db")"

        if [[ -n ${EXTERNAL_TALK_TEST_POSTGRES_URL:-} ]]; then
            url="$EXTERNAL_TALK_TEST_POSTGRES_URL?schema=load_${input}_$round"
            start "$bin/external-talk" serve --postgres "$url" --line-channel "$channel=$secret" --log-level warning
            result=$(load "$work/$input.txt")
            stop
            echo "round $round postgres-$input $result stored=$(stored --postgres "$url")"
        fi
    done
done
