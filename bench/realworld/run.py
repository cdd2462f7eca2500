#!/usr/bin/env python3
"""The real-world harness: speclint on public spec-kit repositories, as a new user runs it.

    python3 bench/realworld/run.py fetch --mirror DIR   # or --git-base URL
    python3 bench/realworld/run.py run [--bin PATH] [--repo SUBSTRING] [--mode init,zero,model]
    python3 bench/realworld/run.py precision            # per rule, from verdicts.tsv
    python3 bench/realworld/run.py baseline             # init, a baseline, then the gate

`fetch` materialises every repository of `manifest.tsv` at its pinned commit under
`target/realworld/src/<owner>+<name>/` with `git archive`: from a folder of bare
mirrors (`DIR/<owner>+<name>/repo` or `DIR/<owner>+<name>.git`) or by cloning
`URL/<owner>/<name>`. Their files stay there; none of them is ever committed here.

`run` checks each repository three ways, each on a fresh copy of its tree:
- `init`: a bare `speclint init`, then `speclint check` with the draft. The draft must
  load (check exits 0 or 1, never 2).
- `zero`: `speclint check` with no model at all.
- `model`: `speclint check` with the model written by hand for that repository,
  `models/<owner>+<name>.yaml`, when there is one.
It prints a table per mode (exit codes, findings per code, time, crashes) and writes
every finding to `target/realworld/findings-<mode>.tsv`, in the verdicts' columns, so
new findings can be judged by adding lines to `verdicts.tsv`.

`verdicts.tsv` holds a person's judgement of findings: mode, repo, path, line, code,
TP or FP, and why. `precision` (also printed after `run`) matches the latest findings
to the verdicts by (mode, repo, path, line, code) and prints precision per rule, the
findings not judged yet, and the right findings (TP) no longer reported.
"""

from __future__ import annotations

import argparse
import collections
import csv
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
WORK = ROOT / "target" / "realworld"
# The copies that are checked live outside this repository: speclint looks for the
# nearest speclint.yaml above the current folder, and must not find ours.
# One folder per checkout, so two checkouts can run the harness at once.
SCRATCH = Path(os.environ.get(
    "SPECLINT_REALWORLD_SCRATCH",
    Path(tempfile.gettempdir()) / f"speclint-realworld-{hashlib.sha1(str(ROOT).encode()).hexdigest()[:8]}",
))
MODES = ("init", "zero", "model")


# Where the manifest, the hand-written models and the verdicts are (--data).
DATA = HERE


def manifest() -> list[tuple[str, str]]:
    rows = []
    for line in (DATA / "manifest.tsv").read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        repo, commit = line.split("\t")[:2]
        rows.append((repo.strip(), commit.strip()))
    return rows


def slug(repo: str) -> str:
    return repo.replace("/", "+")


def fetch(args: argparse.Namespace) -> int:
    failed = 0
    for repo, commit in manifest():
        dest = WORK / "src" / slug(repo)
        if dest.exists():
            print(f"{repo}: already at {dest}")
            continue
        git_dir = None
        if args.mirror:
            for cand in (Path(args.mirror) / slug(repo) / "repo", Path(args.mirror) / (slug(repo) + ".git")):
                if cand.exists():
                    git_dir = cand
                    break
        tmp = None
        if git_dir is None and args.git_base:
            tmp = Path(tempfile.mkdtemp(prefix="realworld-"))
            r = subprocess.run(["git", "clone", "--bare", "--quiet", f"{args.git_base.rstrip('/')}/{repo}", str(tmp / "repo")])
            git_dir = tmp / "repo" if r.returncode == 0 else None
        if git_dir is None:
            print(f"{repo}: no mirror and no clone; skipped", file=sys.stderr)
            failed += 1
            continue
        dest.mkdir(parents=True)
        archive = subprocess.run(["git", f"--git-dir={git_dir}", "archive", "--format=tar", commit], capture_output=True)
        if archive.returncode != 0:
            print(f"{repo}: git archive {commit} failed: {archive.stderr.decode().strip()}", file=sys.stderr)
            shutil.rmtree(dest)
            failed += 1
            continue
        tar_path = WORK / "src" / (slug(repo) + ".tar")
        tar_path.write_bytes(archive.stdout)
        with tarfile.open(tar_path) as tar:
            tar.extractall(dest, filter="data")
        tar_path.unlink()
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
        print(f"{repo}: {commit[:12]} -> {dest}")
    return 1 if failed else 0


def fresh_copy(repo: str, mode: str) -> Path:
    src = WORK / "src" / slug(repo)
    dst = SCRATCH / mode / slug(repo)
    if dst.exists():
        shutil.rmtree(dst)
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(src, dst, symlinks=True)
    return dst


def speclint(bin_path: Path, args: list[str], cwd: Path) -> tuple[int, str, str, float]:
    start = time.monotonic()
    try:
        r = subprocess.run([str(bin_path), *args], cwd=cwd, capture_output=True, timeout=300)
    except subprocess.TimeoutExpired:
        return -1, "", "timed out after 300 s", 300.0
    took = time.monotonic() - start
    return r.returncode, r.stdout.decode("utf-8", "replace"), r.stderr.decode("utf-8", "replace"), took


def findings_of(stdout: str) -> list[dict]:
    try:
        return json.loads(stdout).get("diagnostics", [])
    except json.JSONDecodeError:
        return []


def run_one(bin_path: Path, repo: str, mode: str) -> dict | None:
    model = DATA / "models" / (slug(repo) + ".yaml")
    if mode == "model" and not model.exists():
        return None
    cwd = fresh_copy(repo, mode)
    row = {"repo": repo, "mode": mode, "init": "", "exit": None, "secs": 0.0, "note": "", "findings": []}
    if mode == "init":
        code, _, err, took = speclint(bin_path, ["init"], cwd)
        row["init"] = str(code)
        row["secs"] += took
        if code != 0:
            row["exit"] = "-"
            row["note"] = first_line(err)
            return row
    if mode == "model":
        shutil.copy(model, cwd / "speclint.yaml")
    code, out, err, took = speclint(bin_path, ["check", "--format", "json"], cwd)
    row["exit"] = code
    row["secs"] += took
    row["findings"] = findings_of(out)
    if code not in (0, 1):
        row["note"] = first_line(err)
    return row


def baseline(args: argparse.Namespace) -> int:
    """Adoption on each repository: init, a baseline of today's findings, then the
    gate: 0 with the baseline, still 0 after lines are inserted above the findings,
    1 once an edit adds a finding."""
    bin_path = Path(args.bin).resolve()
    print("| repository | findings recorded | with baseline | lines inserted | finding added |")
    print("|---|---|---|---|---|")
    failures = 0
    for repo, _ in manifest():
        if args.repo and args.repo.lower() not in repo.lower():
            continue
        cwd = fresh_copy(repo, "baseline")
        speclint(bin_path, ["init"], cwd)
        file = ".speclint-baseline.json"
        speclint(bin_path, ["check", "--write-baseline", file], cwd)
        entries = json.loads((cwd / file).read_text()).get("entries", [])
        with_baseline = speclint(bin_path, ["check", "--baseline", file], cwd)[0]
        # The spec the first finding is in, else the first Markdown file of a specs folder.
        # Not a file with a fence left open: text appended to it would be read as code.
        open_fence = {e["path"] for e in entries if e["code"] == "M002"}
        specs = [e["path"] for e in entries if e["path"].endswith(".md") and e["path"] not in open_fence]
        target = cwd / specs[0] if specs else next(
            (p for p in sorted(cwd.rglob("*.md")) if "specs" in p.parts and ".git" not in p.parts), None
        )
        shifted = added = "-"
        if target and target.is_file():
            text = target.read_text(encoding="utf-8", errors="surrogateescape")
            target.write_text("\n\n\n" + text, encoding="utf-8", errors="surrogateescape")
            shifted = speclint(bin_path, ["check", "--baseline", file], cwd)[0]
            target.write_text(
                "\n\n\n" + text + "\n\n```sql\nCREATE TABLE (;\n```\n", encoding="utf-8", errors="surrogateescape"
            )
            added = speclint(bin_path, ["check", "--baseline", file], cwd)[0]
        ok = with_baseline == 0 and shifted == 0 and added == 1
        failures += not ok
        print(f"| {repo.split('/')[0]} | {len(entries)} | {with_baseline} | {shifted} | {added} |")
    if failures:
        print(f"\n{failures} of the repositories did not behave as a gate should.")
    else:
        print("\nEvery repository behaved as a gate should: 0 with the baseline, 0 after lines moved, 1 with a new finding.")
    return 1 if failures else 0


def first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:160]
    return ""


def crashed(row: dict) -> bool:
    return row["exit"] not in (0, 1) or (row["init"] not in ("", "0"))


def run(args: argparse.Namespace) -> int:
    bin_path = Path(args.bin).resolve()
    if not bin_path.exists():
        print(f"{bin_path}: no such binary (cargo build --release)", file=sys.stderr)
        return 2
    modes = [m for m in args.mode.split(",") if m]
    repos = [r for r, _ in manifest() if args.repo is None or args.repo.lower() in r.lower()]
    missing = [r for r in repos if not (WORK / "src" / slug(r)).exists()]
    if missing:
        print(f"not materialised (run.py fetch): {', '.join(missing)}", file=sys.stderr)
        return 2
    failures = 0
    for mode in modes:
        rows = [row for r in repos if (row := run_one(bin_path, r, mode)) is not None]
        print_table(mode, rows)
        write_findings(mode, rows)
        failures += sum(crashed(r) for r in rows)
    print()
    precision(argparse.Namespace(modes=modes))
    return 1 if failures else 0


def print_table(mode: str, rows: list[dict]) -> None:
    print(f"\n## {mode}\n")
    if mode == "init":
        print("| repository | init | check | findings | by code | time (s) | note |")
        print("|---|---|---|---|---|---|---|")
    else:
        print("| repository | check | findings | by code | time (s) | note |")
        print("|---|---|---|---|---|---|")
    for row in rows:
        codes = collections.Counter(d["code"] for d in row["findings"])
        by_code = " ".join(f"{c}:{n}" for c, n in sorted(codes.items()))
        cells = [row["repo"].split("/")[0]]
        if mode == "init":
            cells.append(row["init"])
        cells += [str(row["exit"]), str(len(row["findings"])), by_code or "-", f"{row['secs']:.2f}", row["note"]]
        print("| " + " | ".join(cells) + " |")
    ok = sum(not crashed(r) for r in rows)
    print(f"\n{ok} of {len(rows)} repositories ran to a verdict (exit 0 or 1).")


def write_findings(mode: str, rows: list[dict]) -> None:
    WORK.mkdir(parents=True, exist_ok=True)
    with open(WORK / f"findings-{mode}.tsv", "w", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow(["mode", "repo", "path", "line", "code", "severity", "message"])
        for row in rows:
            for d in row["findings"]:
                w.writerow([mode, row["repo"], d["path"], d["line"], d["code"], d["severity"], d["message"]])


def read_tsv(path: Path) -> list[dict]:
    if not path.exists():
        return []
    lines = [l for l in path.read_text().splitlines() if l.strip() and not l.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def key(row: dict) -> tuple:
    return (row["mode"], row["repo"], row["path"], str(row["line"]), row["code"])


def precision(args: argparse.Namespace) -> int:
    verdicts = {key(v): v for v in read_tsv(DATA / "verdicts.tsv")}
    per_rule: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    seen = set()
    for mode in args.modes:
        for f in read_tsv(WORK / f"findings-{mode}.tsv"):
            k = key(f)
            seen.add(k)
            v = verdicts.get(k)
            per_rule[f["code"]][v["verdict"] if v else "unjudged"] += 1
    lost = [v for k, v in verdicts.items() if k[0] in args.modes and v["verdict"] == "TP" and k not in seen]
    tp = sum(c["TP"] for c in per_rule.values())
    fp = sum(c["FP"] for c in per_rule.values())
    print("| code | findings | TP | FP | unjudged | precision |")
    print("|---|---|---|---|---|---|")
    for code in sorted(per_rule):
        c = per_rule[code]
        judged = c["TP"] + c["FP"]
        p = f"{c['TP'] / judged:.2f}" if judged else "-"
        print(f"| {code} | {sum(c.values())} | {c['TP']} | {c['FP']} | {c['unjudged']} | {p} |")
    total = tp + fp
    overall = f"{tp / total:.3f}" if total else "-"
    print(f"\noverall precision {overall} ({tp} right of {total} judged); "
          f"{sum(c['unjudged'] for c in per_rule.values())} not judged; "
          f"{len(lost)} right findings no longer reported")
    for v in lost[:20]:
        print(f"  lost: {v['mode']} {v['repo']} {v['path']}:{v['line']} {v['code']}")
    return 0


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    f = sub.add_parser("fetch", help="materialise the manifest's repositories")
    f.add_argument("--mirror", help="folder of bare mirrors: <owner>+<name>/repo or <owner>+<name>.git")
    f.add_argument("--git-base", help="clone <URL>/<owner>/<name> when no mirror has it")
    r = sub.add_parser("run", help="init, zero-config check and model check on each repository")
    r.add_argument("--bin", default=str(ROOT / "target" / "release" / "speclint"))
    r.add_argument("--repo", help="only repositories whose name contains this")
    r.add_argument("--mode", default=",".join(MODES))
    b = sub.add_parser("baseline", help="init, a baseline, then the gate on each repository")
    b.add_argument("--bin", default=str(ROOT / "target" / "release" / "speclint"))
    b.add_argument("--repo", help="only repositories whose name contains this")
    q = sub.add_parser("precision", help="precision per rule from verdicts.tsv and the last run")
    q.add_argument("--modes", type=lambda s: s.split(","), default=list(MODES))
    p.add_argument("--data", default=str(HERE), help="folder of manifest.tsv, models/ and verdicts.tsv")
    args = p.parse_args()
    global DATA
    DATA = Path(args.data).resolve()
    return {"fetch": fetch, "run": run, "baseline": baseline, "precision": precision}[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
