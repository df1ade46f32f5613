#!/usr/bin/env bash
# Runs a command beside a throwaway PostgreSQL server: a new data folder, on a free loopback port, stopped and
# removed when the command ends. The command finds the server in EXTERNAL_TALK_TEST_POSTGRES_URL.
#
#   scripts/with-postgres.sh swift test
#
# It needs PostgreSQL's server programs (initdb, pg_ctl), on PATH or where Debian's postgresql package puts them.
# As root, the server runs as the `postgres` user (created when missing), since PostgreSQL refuses to run as root.
set -euo pipefail
[[ $# -gt 0 ]] || { echo "usage: $0 COMMAND [ARGUMENT...]" >&2; exit 64; }

bin=""
if command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
    bin=$(dirname "$(command -v initdb)")
else
    for candidate in /usr/lib/postgresql/*/bin; do
        [[ -x $candidate/initdb && -x $candidate/pg_ctl ]] && bin=$candidate
    done
fi
[[ -n $bin ]] || { echo "with-postgres: no initdb/pg_ctl found; install PostgreSQL (Debian: postgresql)" >&2; exit 69; }

folder=$(mktemp -d "${TMPDIR:-/tmp}/external-talk-postgres.XXXXXX")
chmod 755 "$folder"
as_server=()
if [[ $(id -u) == 0 ]]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres "$folder"
    as_server=(runuser -u postgres --)
fi
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

stop() {
    "${as_server[@]}" "$bin/pg_ctl" -D "$folder/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$folder"
}
trap stop EXIT

"${as_server[@]}" "$bin/initdb" -D "$folder/data" -U talk --auth=trust -E UTF8 >"$folder/initdb.log" 2>&1 ||
    { echo "with-postgres: initdb failed:" >&2; tail -5 "$folder/initdb.log" >&2; exit 69; }
"${as_server[@]}" "$bin/pg_ctl" -D "$folder/data" -l "$folder/server.log" -w -t 60 \
    -o "-p $port -k $folder -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null ||
    { echo "with-postgres: the server did not start:" >&2; tail -5 "$folder/server.log" >&2; exit 69; }

export EXTERNAL_TALK_TEST_POSTGRES_URL="postgres://talk@127.0.0.1:$port/postgres"
echo "with-postgres: PostgreSQL $("$bin/postgres" --version | awk '{print $NF}') on 127.0.0.1:$port" >&2
status=0
"$@" || status=$?
exit $status
