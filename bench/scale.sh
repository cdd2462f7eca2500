#!/usr/bin/env bash
# Is the time per MB flat as one spec grows? Cuts specs of 1, 4, 16 and 64 MB from
# the generated 20 MB spec (at a heading; the 64 MB one is the spec three times and
# a cut), times `speclint check` on each with hyperfine, and prints the median wall
# time, the time per MB and the peak resident set as a multiple of the file size.
#
#   bash bench/scale.sh            # after bench/compare.sh has generated the corpus
#   RUNS=5 bash bench/scale.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/bench/out
RUNS=${RUNS:-10}
GIANT=$OUT/giant/giant.md
[ -f "$GIANT" ] || python3 "$ROOT/../shared/bench/gen_corpus.py" --out "$OUT/giant" --giant --seed 1
command -v hyperfine >/dev/null || { echo "needs hyperfine (apt-get install hyperfine)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs GNU time (apt-get install time)" >&2; exit 2; }
cargo build --release --quiet
SPECLINT=$ROOT/target/release/speclint

DIR=$OUT/scale
mkdir -p "$DIR"
python3 - "$GIANT" "$DIR" <<'EOF'
import sys
giant, out = sys.argv[1], sys.argv[2]
text = open(giant, "rb").read()
for mb in (1, 4, 16, 64):
    path = f"{out}/spec-{mb:02d}mb.md"
    want = mb * 1024 * 1024
    source = text * (want // len(text) + 1)
    # Cut at the last second-level heading before the size, so no block is cut.
    cut = source.rfind(b"\n## ", 0, want)
    with open(path, "wb") as f:
        f.write(source[: cut + 1])
EOF
python3 bench/corpus_model.py "$DIR" >/dev/null

printf "%-16s %9s %9s %10s %12s\n" "spec" "MB" "median s" "ms per MB" "peak / file"
for spec in "$DIR"/spec-*.md; do
    name=$(basename "$spec")
    bytes=$(stat -c %s "$spec")
    (cd "$DIR" && hyperfine -N -i --warmup 1 --runs "$RUNS" --export-json "$DIR/h.json" \
        -- "$SPECLINT check --max-file-size $((2 * bytes)) $name" >/dev/null 2>&1) || true
    median=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["results"][0]["median"])' "$DIR/h.json")
    (cd "$DIR" && /usr/bin/time -o "$DIR/time.txt" -f "%M" "$SPECLINT" check --max-file-size $((2 * bytes)) "$name" >/dev/null 2>&1) || true
    peak_kb=$(tail -1 "$DIR/time.txt")
    awk -v n="$name" -v b="$bytes" -v t="$median" -v p="$peak_kb" 'BEGIN {
        mb = b / 1048576
        printf "%-16s %9.1f %9.3f %10.1f %12.2f\n", n, mb, t, t * 1000 / mb, p * 1024 / b }'
done
