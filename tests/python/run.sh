#!/bin/sh
# Runs the Python that the section generators render, against real tokens.
# Expects `cargo test --test generate` to have written target/rendered/ (CI runs it
# first); SPECLINT_RENDERED may point elsewhere. The venv lives under target/.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
venv="$root/target/python-venv"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt"
SPECLINT_RENDERED="${SPECLINT_RENDERED:-$root/target/rendered}" \
    exec "$venv/bin/python" -m pytest -q -p no:cacheprovider "$here" "$@"
