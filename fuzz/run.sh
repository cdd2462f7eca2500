#!/usr/bin/env bash
# Fuzzes every target for SECONDS each (default 20; 0 skips fuzzing), one after the
# other, each seeded from the repository's fixtures and specs. CI (.ci/run) runs this
# with the default: one build of all targets, then 10 targets x 20 s.
#
#   bash fuzz/run.sh            # 20 s per target, as CI does
#   bash fuzz/run.sh 600 sql    # ten minutes of one target
#
# Every target runs even when an earlier one fails; the run fails at the end if any
# target left a new input in fuzz/artifacts/TARGET/ (a panic, a hang over 10 s, or
# over 2 GiB of memory). Minimise it (`RUSTC_BOOTSTRAP=1 cargo fuzz tmin -s none
# TARGET FILE` here), copy it to fuzz/regressions/TARGET/ under a name that says what
# it is, and the normal test suite replays it (tests/fuzz_regressions.rs).
#
# The build: cargo-fuzz's release build (optimised, one codegen unit, debug
# assertions and overflow checks on) of all targets in one cargo invocation, so the
# dependencies compile once, into fuzz/target/. It is built without AddressSanitizer
# (`-s none`): speclint forbids unsafe code, so ASan could only find memory errors in
# the dependencies, and it made the clean build much longer (11 minutes, against 4
# to 7 without, on two shared cores). Panics, overflows, hangs (-timeout) and memory
# blow-ups (-rss_limit_mb) are found without it; SPECLINT_FUZZ_SANITIZER=address
# builds with it. A `--dev` build is quicker but runs inputs 30 times slower, and
# `-O` drops the overflow checks for no quicker build.
#
# cargo-fuzz needs nightly features; RUSTC_BOOTSTRAP=1 lets the stable toolchain
# build them. cargo-fuzz itself is installed when missing.
set -euo pipefail
cd "$(dirname "$0")"
secs="${1:-20}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(document diagram_text diagram_mermaid sql model check fix python mojibake init)
fi
if [ "$secs" = 0 ]; then
  echo "fuzzing skipped (0 seconds per target)"
  exit 0
fi
export RUSTC_BOOTSTRAP=1
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
build=(--sanitizer "${SPECLINT_FUZZ_SANITIZER:-none}")

# Seeds: copied (not linked) so libFuzzer may add to the corpus folder freely.
seed() {
  local target="$1"; shift
  mkdir -p "corpus/$target"
  for f in "$@"; do
    [ -f "$f" ] && cp "$f" "corpus/$target/seed-$(basename "$(dirname "$f")")-$(basename "$f")"
  done
  return 0
}
shopt -s nullglob globstar
markdown=(../specs/**/*.md ../fixtures/auth-before/**/*.md ../fixtures/rules/*.md)
seed document "${markdown[@]}"
seed check "${markdown[@]}"
seed fix "${markdown[@]}"
seed init "${markdown[@]}"
seed diagram_text ../fixtures/diagrams/*.txt ../fixtures/generate/*.txt
seed diagram_mermaid ../fixtures/diagrams/*.mmd
seed sql ../fixtures/sql/*.sql
seed mojibake ../fixtures/encoding/*.md
seed model ../speclint.yaml ../fixtures/auth-before/speclint.yaml ../fixtures/models/*.yaml
# The Python reader gets the Markdown files that hold Python and each ```python
# block on its own.
mkdir -p corpus/python
for f in ../fixtures/rules/*.md ../fixtures/encoding/*.md ../specs/**/*.md; do
  grep -q '^```python' "$f" || continue
  cp "$f" "corpus/python/seed-$(basename "$f")"
  awk -v out="corpus/python/seed-$(basename "$f" .md)-block" \
    '/^```python/ { n++; on = 1; next } /^```/ { on = 0; next } on { print > (out n ".py") }' "$f"
done

echo "== fuzz: building ${targets[*]} (${build[*]})"
start=$SECONDS
if [ ${#targets[@]} -eq 1 ]; then
  cargo fuzz build "${build[@]}" "${targets[0]}"
else
  cargo fuzz build "${build[@]}"
fi
echo "built in $((SECONDS - start)) s"

failed=()
for t in "${targets[@]}"; do
  mkdir -p "artifacts/$t"
  before=$(ls "artifacts/$t" | wc -l)
  began=$SECONDS
  # -timeout: one input taking over 10 s is a hang; -rss_limit_mb: a memory blow-up.
  # The build above is reused (same flags): `run` only checks it is fresh.
  cargo fuzz run "${build[@]}" "$t" "corpus/$t" -- \
    -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    >"artifacts/$t.log" 2>&1 || true
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "artifacts/$t.log")
  echo "fuzz $t: ${runs:-no} runs in $((SECONDS - began)) s"
  if [ "$(ls "artifacts/$t" | wc -l)" != "$before" ] || [ -z "$runs" ]; then
    grep -E "panicked|ERROR|SUMMARY|Test unit written|deadly signal" "artifacts/$t.log" | head -20 >&2 || true
    echo "fuzz $t: FAILED; the whole log is fuzz/artifacts/$t.log" >&2
    failed+=("$t")
  fi
done
echo "fuzzed in $((SECONDS - start)) s (build included)"
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: failing inputs for ${failed[*]} in fuzz/artifacts/" >&2
  exit 1
fi
