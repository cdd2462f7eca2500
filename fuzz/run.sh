#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 30), one after the other, each
# seeded from the repository's fixtures and specs. A crash stops the run and leaves
# its input in fuzz/artifacts/TARGET/; copy it to fuzz/regressions/TARGET/ so the
# normal test suite replays it (tests/fuzz_regressions.rs).
#
#   bash fuzz/run.sh            # 30 s per target
#   bash fuzz/run.sh 600 sql    # ten minutes of one target
#
# cargo-fuzz needs nightly features; RUSTC_BOOTSTRAP=1 lets the stable toolchain
# build them. The first build takes several minutes (every dependency, sanitized).
set -euo pipefail
cd "$(dirname "$0")"
secs="${1:-30}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(document diagram_text diagram_mermaid sql model check fix python mojibake)
fi
export RUSTC_BOOTSTRAP=1
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked

# Seeds: copied (not linked) so libFuzzer may add to the corpus folder freely.
seed() {
  local target="$1"; shift
  mkdir -p "corpus/$target"
  for f in "$@"; do
    [ -f "$f" ] && cp -n "$f" "corpus/$target/seed-$(basename "$(dirname "$f")")-$(basename "$f")"
  done
  return 0
}
shopt -s nullglob globstar
markdown=(../specs/**/*.md ../fixtures/auth-before/**/*.md ../fixtures/rules/*.md)
seed document "${markdown[@]}"
seed check "${markdown[@]}"
seed fix "${markdown[@]}"
seed diagram_text ../fixtures/diagrams/*.txt ../fixtures/generate/*.txt
seed diagram_mermaid ../fixtures/diagrams/*.mmd
seed sql ../fixtures/sql/*.sql
seed python ../fixtures/rules/C00*.md
seed mojibake ../fixtures/encoding/*.md
seed model ../speclint.yaml ../fixtures/auth-before/speclint.yaml ../fixtures/models/*.yaml

cargo fuzz build "${targets[@]:0:1}" >/dev/null 2>&1 || true   # warm the shared deps
for t in "${targets[@]}"; do
  echo "== fuzz $t for ${secs}s"
  # -timeout: one input taking over 10 s is a hang; -rss_limit_mb: a memory blow-up.
  cargo fuzz run "$t" "corpus/$t" -- \
    -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 2>&1 \
    | grep -E "^(==|#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss_mb|.*(ERROR|panicked|SUMMARY|Test unit written))" || true
  if [ -n "$(ls "artifacts/$t" 2>/dev/null)" ]; then
    echo "fuzz $t: found a failing input in fuzz/artifacts/$t" >&2
    exit 1
  fi
done
