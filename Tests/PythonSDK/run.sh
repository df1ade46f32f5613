#!/usr/bin/env bash
# Tests `external-talk emulate` with a client nobody here wrote: installs the official LINE Messaging API SDK for
# Python (line-bot-sdk, from PyPI) in a virtual environment, starts the emulator and bot.py (which uses the SDK's
# WebhookParser and MessagingApi pointed at the emulator), and runs drive.py against the control API.
#
# Usage: Tests/PythonSDK/run.sh [PATH-TO-external-talk]   (default: the debug build, built when missing)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
binary=${1:-}
if [ -z "$binary" ]; then
    swift build --package-path "$root" --product external-talk >/dev/null
    binary="$(swift build --package-path "$root" --show-bin-path)/external-talk"
fi
venv=${PYTHON_SDK_VENV:-"$root/.build/python-sdk-venv"}
if ! [ -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check "line-bot-sdk==3.27.0"

work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

# Waits up to 30 s for a line matching a pattern in a file; prints the line.
await_line() {
    local file=$1 pattern=$2
    for _ in $(seq 300); do
        if grep -m1 -E "$pattern" "$file"; then return 0; fi
        sleep 0.1
    done
    echo "error: no line matching '$pattern' in $file:" >&2
    cat "$file" >&2
    return 1
}

secret=python-sdk-test-secret
token=python-sdk-test-token
"$binary" emulate --port 0 --channel 2000000001 --secret "$secret" --token "$token" >"$work/emulator.log" 2>&1 &
pids+=($!)
emulator=$(await_line "$work/emulator.log" '^emulating LINE on ' | sed 's/^emulating LINE on //')

"$venv/bin/python" "$here/bot.py" "$emulator" "$secret" "$token" >"$work/bot.log" 2>&1 &
pids+=($!)
bot_port=$(await_line "$work/bot.log" '^bot listening on ' | sed 's/^bot listening on //')

if ! "$venv/bin/python" "$here/drive.py" "$emulator" "http://127.0.0.1:$bot_port/callback"; then
    echo "--- bot log" >&2
    cat "$work/bot.log" >&2
    exit 1
fi
