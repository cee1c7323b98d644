#!/usr/bin/env bash
# Compare this tree's speed with a baseline commit's in a way noise cannot fool:
# both release binaries are built, then the short benchmarks run alternately,
# old and new, for several rounds in the same minutes (absolute figures on a
# shared machine swing by ×2 from one hour to the next; alternating runs see
# the same weather). Prints each figure's min–max for both and the ratio of the
# medians, and flags any figure more than 15 % worse (a latency within 0.5 ms
# or a CPU share within half a point of the baseline is not flagged: that is
# below what these clocks resolve; CPU per order always is).
#
#   scripts/bench-check.sh [BASE_REF]
#
# BASE_REF defaults to the commit in docs/bench-baseline.ref (moved forward by
# the team when it accepts new figures). Environment:
#   ROUNDS=3                 rounds of old-then-new (the order flips each round)
#   BENCHES="conv board ingest rate report"   which short benchmarks to run
#                            (board: the kitchen display with 1,000 open orders, run
#                            on its own so its tmux and second process cannot
#                            carry into a conversation run)
#   DATABASE_URL=postgres://… to run them on PostgreSQL (a scratch database is made)
#   KEEP=dir                 keep the raw outputs there
#   BASE_BIN=FILE            the baseline's release binary, already built from BASE_REF
#                            (skips building it; it still runs in the baseline's tree)
#
# Not a CI test: timing on shared machines flakes. Run it before submitting work
# that touches the hot path and put its table in the note. Needs git, cargo,
# python3, and tmux for the kitchen display figures.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

base_ref=${1:-$(tr -d '[:space:]' < docs/bench-baseline.ref)}
rounds=${ROUNDS:-3}
benches=${BENCHES:-conv board ingest rate report}
base_sha=$(git rev-parse --verify "$base_ref^{commit}")
work="$root/target/bench-check"
out=${KEEP:-$(mktemp -d)}
mkdir -p "$work" "$out"

echo "baseline: $(git log -1 --format='%h %s' "$base_sha" | cut -c1-90)"
echo "new:      this tree ($(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo ', with changes'))"

# The baseline's source in its own worktree and its own target directory, so
# neither build disturbs the other's cache.
src="$work/base-src"
if [ -d "$src" ]; then
    git -C "$src" checkout -q --detach "$base_sha"
else
    git worktree add -q --detach "$src" "$base_sha"
fi
old="$work/base-target/release/maydanoz"
if [ -n "${BASE_BIN:-}" ]; then
    # a release binary of the baseline built before (it still runs in the baseline's tree)
    old=$(realpath "$BASE_BIN")
    echo "baseline binary: given ($(basename "$old"))"
else
    echo "building the baseline (release)…"
    CARGO_TARGET_DIR="$work/base-target" cargo build -q --release --locked --manifest-path "$src/Cargo.toml"
fi
echo "building this tree (release)…"
cargo build -q --release --locked
new="$root/target/release/maydanoz"

db_args=()
if [ -n "${DATABASE_URL:-}" ]; then db_args=(--database-url "$DATABASE_URL"); fi

args_of() {
    case "$1" in
        conv) echo "bench --conversations 1500 --concurrency 64 --open-orders 0" ;;
        board) echo "bench --conversations 64 --concurrency 8 --open-orders 1000" ;;
        conv256) echo "bench --conversations 1500 --concurrency 256 --open-orders 0" ;;
        conv8) echo "bench --conversations 400 --concurrency 8 --open-orders 0" ;;
        ingest) echo "bench --ingest --messages 20000 --concurrency 64" ;;
        rate) echo "bench --rate 500 --open-orders 0" ;;
        report) echo "bench --report --report-orders 100000" ;;
        *) echo "unknown benchmark: $1" >&2; exit 2 ;;
    esac
}

failed=0
run_one() { # side bench round
    # each binary in its own tree, with its own config.toml: an older build
    # refuses keys added since (the kitchen display it starts reads ./config.toml)
    local bin=$old dir=$src
    if [ "$1" = new ]; then bin=$new; dir=$root; fi
    local file="$out/$1-$2-$3"
    # shellcheck disable=SC2046
    if ! (cd "$dir" && "$bin" --config "$dir/config.toml" "${db_args[@]}" $(args_of "$2")) > "$file.txt" 2> "$file.err"; then
        echo "  $1 $2 failed: $(tail -n 1 "$file.err")" >&2
        failed=$((failed + 1))
        return 0
    fi
    # one reader for both builds: the new binary reads either's printed table
    "$new" bench --figures-of "$file.txt" > "$file.json"
}

for r in $(seq 1 "$rounds"); do
    for b in $benches; do
        if [ $((r % 2)) = 1 ]; then order="old new"; else order="new old"; fi
        for side in $order; do
            echo "round $r/$rounds: $b ($side)"
            run_one "$side" "$b" "$r"
        done
    done
done

python3 - "$out" <<'PY'
import json, pathlib, statistics, sys
out = pathlib.Path(sys.argv[1])
figs = {}  # key -> side -> [values]
meta = {}
for f in sorted(out.glob("*.json")):
    side, bench = f.name.split("-")[:2]
    for key, v in json.loads(f.read_text() or "{}").items():
        if bench == "board" and not key.startswith("kds_"):
            continue  # the board run's few conversations are not a measurement
        # the same figure from another benchmark is another figure
        if bench == "rate":
            key = "steady_" + key
        elif bench == "ingest" and not key.startswith(("ingest_", "backlog_")):
            key = "ingest_" + key
        figs.setdefault(key, {}).setdefault(side, []).append(v["value"])
        meta[key] = (v["unit"], v["better"])
def span(xs):
    return f"{min(xs):g}–{max(xs):g}" if xs else "–"
worse = []
print()
print("| figure | baseline (min–max) | new (min–max) | new/old (medians) | |")
print("|---|---|---|---|---|")
for key in figs:
    old, new = figs[key].get("old", []), figs[key].get("new", [])
    unit, better = meta[key]
    ratio, flag = "–", ""
    if old and new:
        mo, mn = statistics.median(old), statistics.median(new)
        if mo > 0:
            q = mn / mo
            ratio = f"{q:.2f}"
            bad = q < 0.85 if better == "higher" else q > 1.15
            # the floor is for latencies and CPU shares, which these clocks
            # resolve to about half a unit; CPU per order is a cost, never floored
            floored = key != "cpu_per_order_ms" and unit in ("ms", "%")
            if bad and not (better == "lower" and mn - mo < 0.5 and floored):
                flag = "WORSE"
                worse.append(key)
        elif mn > mo:
            ratio, flag = "new > 0", "WORSE"
            worse.append(key)
    print(f"| {key} ({unit}, {better} is better) | {span(old)} | {span(new)} | {ratio} | {flag} |")
print()
if worse:
    print("more than 15 % worse: " + ", ".join(worse))
else:
    print("no figure more than 15 % worse")
PY
echo "raw outputs: $out"
if [ "$failed" -gt 0 ]; then
    echo "$failed run(s) failed: the table above is incomplete" >&2
    exit 1
fi
