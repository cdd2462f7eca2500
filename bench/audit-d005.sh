#!/usr/bin/env bash
# Audit of D005 (unknown-participant) on real-looking specs: 200 generated spec-kit
# specs, each with a sequence diagram and an architecture picture (stacked boxes,
# tables, trees: the `not-*` drawings of fixtures/diagrams/), checked against a model
# that knows every component the generator draws.
#
# Expected: 0 findings with the full model (pictures yield no participants), and with
# one component removed from the model, findings only on boxes of that component.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${SHARED:-../shared}
out=bench/out/audit-d005
rm -rf "$out" && mkdir -p "$out"
python3 "$shared/bench/gen_corpus.py" --out "$out/specs" --count 200 --seed 3 >/dev/null
cargo build --release -q

python3 - "$out" "$shared/bench/gen_corpus.py" <<'PY'
import glob, importlib.util, os, sys
out, gen = sys.argv[1], sys.argv[2]
spec = importlib.util.spec_from_file_location("gen", gen)
g = importlib.util.module_from_spec(spec); spec.loader.exec_module(g)
pictures = sorted(glob.glob("fixtures/diagrams/not-*.txt"))
for i, path in enumerate(sorted(glob.glob(f"{out}/specs/*.md"))):
    picture = open(pictures[i % len(pictures)], encoding="utf-8").read()
    with open(path, "a", encoding="utf-8") as f:
        f.write(f"\n## Architecture Overview\n\n```\n{picture}```\n")
def model(components):
    lines = ["version: 1", "components:"]
    for n, c in enumerate(components):
        lines.append(f"  c{n}: {{ name: {c!r} }}")
    return "\n".join(lines) + "\n"
open(f"{out}/full.yaml", "w").write(model(g.COMPONENTS))
open(f"{out}/without-cdn.yaml", "w").write(model([c for c in g.COMPONENTS if c != "CDN"]))
PY

count() {
  ./target/release/speclint check "$out/specs" --model "$out/$1" --select D005 --format json --exit-zero \
    | python3 -c 'import json,sys; d=json.load(sys.stdin)["diagnostics"]; print(len(d), sorted({x["message"].split("\"")[1] for x in d}))'
}
echo "specs: $(ls "$out/specs" | wc -l), each with a sequence diagram and an architecture picture"
echo "D005 with the full model:        $(count full.yaml)"
echo "D005 with CDN left out of it:    $(count without-cdn.yaml)"
echo "boxes named CDN in the diagrams: $(grep -o '│ *CDN *│' -r "$out/specs" | wc -l)"
