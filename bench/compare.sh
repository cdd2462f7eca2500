#!/usr/bin/env bash
# Times `speclint check` against the floor (reading and parsing the same Markdown with
# bare pulldown-cmark), `cat` (reading alone), rumdl and markdownlint-cli2, on the
# generated corpus (2,000 specs) and on one 20 MB spec. Prints medians of
# whole-process wall time, peak memory, and ratios. Slow (markdownlint-cli2 takes
# minutes): not part of CI.
#
#   bash bench/compare.sh              # everything
#   RUNS=5 SKIP_OTHERS=1 bash bench/compare.sh   # only speclint and the floor
#
# Installs what it needs: hyperfine and GNU time (apt-get), rumdl (pip, in a venv under
# bench/out) and markdownlint-cli2 (npm, under bench/out). Everything goes to bench/out/.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/bench/out
RUNS=${RUNS:-10}
SKIP_OTHERS=${SKIP_OTHERS:-0}
GEN=$ROOT/../shared/bench/gen_corpus.py
mkdir -p "$OUT"

need_apt() {
    command -v "$1" >/dev/null && return
    if command -v apt-get >/dev/null; then
        (apt-get install -y "$2" >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y "$2" >/dev/null; }) || true
    fi
}
need_apt hyperfine hyperfine
[ -x /usr/bin/time ] || need_apt /usr/bin/time time

echo "== building speclint and the parse floor" >&2
cargo build --release --quiet
SPECLINT=$ROOT/target/release/speclint
(cd bench/parse-floor && CARGO_TARGET_DIR=$OUT/parse-floor-target cargo build --release --quiet)
FLOOR=$OUT/parse-floor-target/release/parse-floor

if [ "$SKIP_OTHERS" != 1 ]; then
    echo "== installing rumdl and markdownlint-cli2 under bench/out" >&2
    [ -x "$OUT/venv/bin/rumdl" ] || { python3 -m venv "$OUT/venv" && "$OUT/venv/bin/pip" install -q rumdl; }
    [ -x "$OUT/node/node_modules/.bin/markdownlint-cli2" ] || {
        mkdir -p "$OUT/node" && npm install --prefix "$OUT/node" --silent --no-fund --no-audit markdownlint-cli2 >/dev/null; }
fi
RUMDL=$OUT/venv/bin/rumdl
MDL=$OUT/node/node_modules/.bin/markdownlint-cli2

echo "== generating the corpus (deterministic, seed 1)" >&2
[ -f "$OUT/corpus/spec-1999.md" ] || python3 "$GEN" --out "$OUT/corpus" --count 2000 --seed 1
[ -f "$OUT/giant/giant.md" ] || python3 "$GEN" --out "$OUT/giant" --giant --seed 1
python3 bench/corpus_model.py "$OUT/corpus"
python3 bench/corpus_model.py "$OUT/giant"

# median_run LABEL DIR CMD...: RUNS runs of CMD in DIR; prints "LABEL median_s peak_kb".
# Times come from hyperfine (millisecond precision, one warm-up run) when it is
# there, else from GNU time's centiseconds; the peak resident set from one more run
# under GNU time.
median_run() {
    local label=$1 dir=$2
    shift 2
    local t m
    if command -v hyperfine >/dev/null; then
        (cd "$dir" && hyperfine -N -i --warmup "${WARMUP:-1}" --runs "$RUNS" \
            --export-json "$OUT/hyperfine.json" -- "$(printf '%q ' "$@")" >/dev/null 2>&1) || true
        t=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["results"][0]["median"])' \
            "$OUT/hyperfine.json")
    else
        local times=()
        for _ in $(seq "$RUNS"); do
            (cd "$dir" && /usr/bin/time -o "$OUT/time.txt" -f "%e" "$@" >/dev/null 2>&1) || true
            times+=("$(tail -1 "$OUT/time.txt")")
        done
        t=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}')
    fi
    (cd "$dir" && /usr/bin/time -o "$OUT/time.txt" -f "%M" "$@" >/dev/null 2>&1) || true
    m=$(tail -1 "$OUT/time.txt")
    echo "$label $t $m"
}

# Linters exit 1 when they find problems: that is not a failed run here.
run_set() {
    local name=$1 dir=$2 target=$3
    median_run floor "$dir" "$FLOOR" "$target"
    median_run cat "$dir" sh -c "find '$target' -name '*.md' -exec cat {} + > /dev/null"
    median_run speclint "$dir" "$SPECLINT" check "$target"
    if [ "$SKIP_OTHERS" != 1 ]; then
        median_run rumdl "$dir" "$RUMDL" check --no-cache "$target"
        # markdownlint-cli2 is slow: three runs are enough to see the ratio.
        local glob=$target
        [ -d "$dir/$target" ] && glob="$target/**/*.md"
        RUNS=3 WARMUP=0 median_run markdownlint-cli2 "$dir" "$MDL" "$glob"
    fi
}

report() {
    local title=$1 file=$2
    echo
    echo "## $title ($RUNS runs each, median wall time, peak memory)"
    awk 'NR==1 {floor=$2; speclint=0}
         {rows[NR]=$0; if ($1=="speclint") speclint=$2}
         END {
           printf "%-18s %9s %9s %12s %12s\n", "tool", "median s", "peak MB", "x floor", "x speclint";
           for (i=1; i<=NR; i++) { split(rows[i], f, " ");
             printf "%-18s %9.3f %9.0f %12.1f %12.1f\n", f[1], f[2], f[3]/1024, f[2]/floor, (speclint>0? f[2]/speclint : 0) }
         }' "$file"
}

echo "== timing (the machine may be shared: read medians, not single runs)" >&2
run_set corpus "$OUT/corpus" . > "$OUT/corpus.txt"
run_set giant "$OUT/giant" giant.md > "$OUT/giant.txt"
report "2,000 specs ($(du -sh "$OUT/corpus" | cut -f1))" "$OUT/corpus.txt"
report "one spec of $(du -h "$OUT/giant/giant.md" | cut -f1)" "$OUT/giant.txt"
