#!/usr/bin/env bash
# The reliability suite, all of it: the tests `cargo test` runs plus the long ones it skips
# (#[ignore]), longer than in `cargo test`, in release mode; then a summary of the figures
# every test printed. Needs what .ci/run installs and starts (PostgreSQL with the maydanoz
# role). The database-outage test stops and starts a PostgreSQL of its own (initdb in a
# temporary directory, run as `postgres`), so it needs root; without root it is skipped.
#
#   scripts/reliability.sh            release build, long runs
#   scripts/reliability.sh --debug    debug build (no release compile), the same runs
#
# Longer or shorter: MAYDANOZ_CRASH_RESTARTS, MAYDANOZ_FUZZ_CASES, MAYDANOZ_WALK_CASES,
# MAYDANOZ_FLOOD_MESSAGES, MAYDANOZ_BACKLOG_MESSAGES, MAYDANOZ_FLAKY_CUSTOMERS; replay a
# run with MAYDANOZ_RELIABILITY_SEED; keep the servers' logs with MAYDANOZ_RELIABILITY_KEEP=1.
set -euo pipefail
cd "$(dirname "$0")/.."

profile=(--release)
if [ "${1:-}" = "--debug" ]; then profile=(); fi

export MAYDANOZ_TEST_POSTGRES_URL="${MAYDANOZ_TEST_POSTGRES_URL:-postgres://maydanoz:maydanoz@127.0.0.1:5432/maydanoz}"
export MAYDANOZ_REQUIRE_POSTGRES=1
if [ "$(id -u)" = 0 ] && command -v runuser >/dev/null && [ -d /etc/postgresql ]; then
    export MAYDANOZ_RELIABILITY_PG_RESTART=1
else
    echo "reliability: not root (or no PostgreSQL binaries): the database-outage test will be skipped" >&2
fi
export MAYDANOZ_CRASH_RESTARTS="${MAYDANOZ_CRASH_RESTARTS:-40}"
export MAYDANOZ_FUZZ_CASES="${MAYDANOZ_FUZZ_CASES:-10000}"
export MAYDANOZ_WALK_CASES="${MAYDANOZ_WALK_CASES:-60}"
export MAYDANOZ_FLOOD_MESSAGES="${MAYDANOZ_FLOOD_MESSAGES:-20000}"
export MAYDANOZ_BACKLOG_MESSAGES="${MAYDANOZ_BACKLOG_MESSAGES:-10000}"
export MAYDANOZ_FLAKY_CUSTOMERS="${MAYDANOZ_FLAKY_CUSTOMERS:-16}"

log="target/reliability.log"
mkdir -p target
start=$(date +%s)
set +e
cargo test "${profile[@]}" --locked --test reliability -- --include-ignored --nocapture 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
# Regression tests of issue 16 that live beside the code they guard (unit, HTTP, store, CLI),
# both backends; their figures join the summary.
for t in "--lib -- server::conn store::lease server::dbfile" "--test store -- writer" \
    "--test api -- held" "--test api -- hostile::" "--test api -- usernames::" \
    "--test store -- ids::" "--test cli -- secrets::" "--test cli -- customer_text::"; do
    # shellcheck disable=SC2086
    cargo test "${profile[@]}" --locked $t --nocapture 2>&1 | tee -a "$log"
    [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
done
set -e

echo
echo "== reliability summary ($(( $(date +%s) - start )) s, full log in $log) =="
grep -h '^» ' "$log" | sed 's/^» /  /' || true
grep -E '^test result:|^failures:$|^    [a-z_:]+$|panicked at' "$log" || true
if [ "$status" -ne 0 ]; then
    echo "reliability: FAILED" >&2
    exit "$status"
fi
echo "reliability: all green"
