#!/usr/bin/env python3
"""How well speclint reads text-art sequence diagrams drawn by people.

    python3 bench/realworld/diagrams.py [--bin PATH] [--mirror DIR] [-v]

Reads `diagrams.tsv` (beside this script): public diagrams annotated by a person with
their kind (sequence / other), participants and message count. Each block is
materialised under `target/diagrams/` (from `target/realworld/src/<owner>+<name>/` when
the harness holds that commit, else from the bare mirror `DIR/<owner>+<name>/repo`, or
from a local file), never committed. `speclint inspect --format json` reads each, and
the script prints:
- recall: sequence diagrams read (at least one diagram with participants);
- precision: diagrams read that are sequence diagrams;
- participants exact: of the sequence diagrams read, names left to right as annotated;
- messages exact: of those read, the number of messages as annotated.
A fence may hold two diagrams: then it has two rows with the same source and line, in
reading order, matched to the diagrams read in that order.
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
OUT = ROOT / "target" / "diagrams"
FENCE = re.compile(r"^\s*(`{3,}|~{3,})\s*([\w+-]*)")


def rows() -> list[dict]:
    out = []
    header = None
    for line in (HERE / "diagrams.tsv").read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            continue
        out.append(dict(zip(header, cells)))
    return out


def source_text(source: str, mirror: Path) -> str:
    if "@" not in source:
        return (ROOT / source).read_text(encoding="utf-8", errors="replace")
    repo, rest = source.split("@", 1)
    commit, path = rest.split(":", 1)
    name = repo.replace("/", "+")
    local = ROOT / "target" / "realworld" / "src" / name / path
    manifest = (HERE / "manifest.tsv").read_text()
    if local.exists() and f"{repo}\t{commit}" in manifest:
        return local.read_text(encoding="utf-8", errors="replace")
    for git in (mirror / name / "repo", mirror / f"{name}.git", mirror / name):
        if git.exists():
            return subprocess.run(
                ["git", "--git-dir", str(git), "show", f"{commit}:{path}"],
                capture_output=True, text=True, errors="replace", check=True,
            ).stdout
    raise FileNotFoundError(f"no copy of {repo} (fetch it into {mirror})")


def block_at(text: str, line: int) -> tuple[str, str]:
    """The fence opening on 1-based `line`: its info string and its content lines."""
    lines = text.split("\n")
    m = FENCE.match(lines[line - 1]) if 0 < line <= len(lines) else None
    if not m:
        raise ValueError(f"no fence on line {line}")
    fence = m.group(1)
    body = []
    for l in lines[line:]:
        if l.strip().startswith(fence[:3]):
            break
        body.append(l)
    return m.group(2), "\n".join(body)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=str(ROOT / "target" / "release" / "speclint"))
    ap.add_argument("--mirror", default="/work/.mirror")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    table = rows()
    by_block: dict[tuple[str, str], list[dict]] = collections.OrderedDict()
    for r in table:
        by_block.setdefault((r["source"], r["line"]), []).append(r)
    seq = read = read_seq = names_ok = msgs_ok = other = other_read = 0
    for k, ((source, line), annotated) in enumerate(by_block.items()):
        info, body = block_at(source_text(source, Path(args.mirror)), int(line))
        md = OUT / f"{k:03d}.md"
        md.write_text(f"# Diagram {k}\n\n```{info}\n{body}\n```\n")
        run = subprocess.run([args.bin, "inspect", "--format", "json", str(md)],
                             capture_output=True, text=True)
        try:
            got = [d for d in json.loads(run.stdout).get("diagrams", []) if d.get("participants")]
        except json.JSONDecodeError:
            got = []
        for i, want in enumerate(annotated):
            d = got[i] if i < len(got) else None
            names = [p["name"] for p in d["participants"]] if d else []
            msgs = sum(1 for s in d["steps"] if s["kind"] == "message") if d else 0
            if want["kind"] == "sequence":
                seq += 1
                if d:
                    read += 1
                    read_seq += 1
                    wanted = want["participants"].split("|")
                    names_ok += names == wanted
                    msgs_ok += msgs == int(want["messages"])
                    bad = names != wanted or msgs != int(want["messages"])
                else:
                    bad = True
            else:
                other += 1
                if d:
                    read += 1
                    other_read += 1
                bad = d is not None
            if args.verbose or bad:
                print(f"{'MISS' if bad else 'ok  '} {md.name} {want['kind']:8} {source.split('@')[0]}:{line}"
                      f"\n     want {want['participants'] or '-'} ({want['messages']})"
                      f"\n     got  {'|'.join(names) or '-'} ({msgs})")
        for extra in got[len(annotated):]:
            read += 1
            other_read += 1
            print(f"EXTRA {md.name} {'|'.join(p['name'] for p in extra['participants'])}")
    ratio = lambda a, b: f"{a / b:.2f}" if b else "n/a"
    print(f"\n{seq} sequence diagrams, {other} other pictures")
    print(f"recall             {ratio(read_seq, seq)}  ({read_seq}/{seq} sequence diagrams read)")
    print(f"precision          {ratio(read_seq, read)}  ({read_seq}/{read} read are sequence diagrams)")
    print(f"participants exact {ratio(names_ok, read_seq)}  ({names_ok}/{read_seq})")
    print(f"messages exact     {ratio(msgs_ok, read_seq)}  ({msgs_ok}/{read_seq})")
    print(f"other pictures read {other_read}/{other}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
