#!/usr/bin/env bash
# Raw signed ingest, measured from outside with wrk: `maydanoz serve` on a scratch
# SQLite database with the queue worker held off (this script holds the lock file
# beside the database, as a second server would), so the server only verifies,
# parses and stores; wrk posts pre-signed single-message webhooks, each with a new
# message id, over 64 connections and prints requests/s and p99.
#
#   scripts/wrk-ingest.sh [BINARY]
#
# BINARY defaults to target/release/maydanoz (build it first: cargo build --release).
# Environment: CONNECTIONS=64 THREADS=2 DURATION=10s MESSAGES=400000 PORT=18080,
# DATABASE_URL=postgres://… to measure on PostgreSQL instead (a scratch database is
# not made there: give an empty one; its queue lease is not held), PROFILE=FILE to
# record the server with perf (DWARF call graphs) while wrk runs: perf report -i FILE,
# SYNCS=FILE to write each fsync/fdatasync the server made, with its file and duration
# (`perf trace`: a slow request's cause is usually one of them),
# LOG_LEVEL=warn (e.g. warn,maydanoz::queue::ingest=debug for each group commit's size
# and time) and SERVE_LOG=FILE to keep the server's log.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/release/maydanoz}
connections=${CONNECTIONS:-64}
threads=${THREADS:-2}
duration=${DURATION:-10s}
messages=${MESSAGES:-400000}
port=${PORT:-18080}
[ -x "$bin" ] || { echo "no $bin: cargo build --release first" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is not installed" >&2; exit 1; }

dir=$(mktemp -d)
server=
cleanup() {
    if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
    if [ -n "${SERVE_LOG:-}" ] && [ -f "$dir/serve.log" ]; then cp "$dir/serve.log" "$SERVE_LOG"; fi
    rm -rf "$dir"
}
trap cleanup EXIT

db="$dir/ingest.db"
url=${DATABASE_URL:-sqlite://$db}
"$bin" bench --wrk-bodies "$dir/bodies.txt" --messages "$messages"

# hold the queue lease: the lock file beside the database (flock, as serve takes it)
exec 9>"$db.lock"
flock -n 9 || { echo "cannot hold $db.lock" >&2; exit 1; }

export MAYDANOZ_DATABASE__URL="$url"
export MAYDANOZ_WHATSAPP__APP_SECRET=maydanoz-bench-secret
export MAYDANOZ_WHATSAPP__ACCESS_TOKEN=maydanoz-bench-token
export MAYDANOZ_WHATSAPP__PHONE_NUMBER_ID=106000000000001
export MAYDANOZ_WHATSAPP__VERIFY_TOKEN=maydanoz-bench-verify
export MAYDANOZ_WHATSAPP__API_BASE_URL=http://127.0.0.1:9
export MAYDANOZ_LOG__LEVEL=${LOG_LEVEL:-warn}
"$bin" serve --headless --create --bind "127.0.0.1:$port" </dev/null >"$dir/serve.log" 2>&1 9>&- &
server=$!
for _ in $(seq 100); do
    curl -s -o /dev/null "http://127.0.0.1:$port/healthz" && break
    kill -0 "$server" 2>/dev/null || { cat "$dir/serve.log" >&2; exit 1; }
    sleep 0.1
done

# the server's CPU time (user + system, in clock ticks): per request it is a figure a busy
# shared machine disturbs far less than requests/s
cpu_ticks() { awk '{print $14 + $15}' "/proc/$server/stat"; }
ticks0=$(cpu_ticks)
perf_pid=
syncs_pid=
if [ -n "${SYNCS:-}" ]; then
    timeout -s INT "${duration%s}" perf trace -e fsync,fdatasync -o "$dir/syncs.txt" -p "$server" 2>/dev/null &
    syncs_pid=$!
fi
if [ -n "${PROFILE:-}" ]; then
    perf record -q -F 499 --call-graph dwarf,16384 -o "$PROFILE" -p "$server" -- sleep "${duration%s}" 2>/dev/null &
    perf_pid=$!
fi
out=$(wrk -t"$threads" -c"$connections" -d"$duration" --timeout 5s \
    -s scripts/wrk-ingest.lua "http://127.0.0.1:$port/webhook" -- "$dir/bodies.txt" "$threads")
ticks=$(( $(cpu_ticks) - ticks0 ))
if [ -n "$perf_pid" ]; then wait "$perf_pid" || true; fi
if [ -n "$syncs_pid" ]; then
    wait "$syncs_pid" || true
    # name each descriptor's file while the server still has it open
    for fd in $(grep -o 'fd: [0-9]*' "$dir/syncs.txt" 2>/dev/null | sort -u | awk '{print $2}'); do
        echo "fd $fd: $(readlink "/proc/$server/fd/$fd" 2>/dev/null || echo '?')"
    done >"$SYNCS"
    cat "$dir/syncs.txt" >>"$SYNCS" || true
fi
echo "$out" | sed -n '/^requests /,$p'
sent=$(echo "$out" | awk '/^requests /{print $2}')
echo "server CPU per request: $(awk -v t="$ticks" -v n="${sent:-0}" -v hz="$(getconf CLK_TCK)" \
    'BEGIN { if (n > 0) printf "%.1f µs", t / hz * 1e6 / n; else print "-" }')"
if [ "${sent:-0}" -gt "$messages" ]; then
    echo "note: $sent requests for $messages bodies: the rest were retries (raise MESSAGES)" >&2
fi
if [ -z "${DATABASE_URL:-}" ] && command -v sqlite3 >/dev/null; then
    echo "stored: $(sqlite3 "$db" 'SELECT COUNT(*) FROM inbox') rows, pending $(sqlite3 "$db" "SELECT COUNT(*) FROM inbox WHERE state = 'pending'")"
fi
