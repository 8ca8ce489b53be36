"""Sentence embeddings on CPU (MiniLM-L6 as ONNX int8, onnxruntime) and their random-hyperplane bands.

The model directory is built by ``scripts/build_embedding_model.sh`` (see embedding_build). The
session is loaded once per process on first use (read-only weights, not state: every process
computes the same vectors). Without the model, ``available()`` is False and callers fall back to
the lexical path.

Index: the unit vector is projected on ``BANDS * ROWS`` fixed random hyperplanes (seeded); each
band's ``ROWS`` sign bits form a bucket. Two vectors at angle t agree on a bit with p = 1 - t/pi, so
close paraphrases share buckets; the lookup also probes, in each band, the buckets across the
least certain bits (query-directed multi-probe), then verifies candidates by the exact cosine.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
from django.conf import settings

DIM = 384
BANDS = 24
ROWS = 14  # bits per band: 16,384 buckets per band
SEED = 20261203
PROBE_FLIPS = 6  # neighbours probed per band (see query_buckets): LSH recall 0.93 at cosine 0.75, 0.98 at 0.8
BATCH = 8  # sentences a session run, sorted by length: little padding (per-article calls 5.7 -> 4.1 ms CPU a claim)

_lock = threading.Lock()


class EmbeddingsUnavailable(RuntimeError):
    pass


def model_dir() -> Path:
    return Path(settings.EMBEDDING_MODEL_DIR)


def available() -> bool:
    d = model_dir()
    return (d / "model.onnx").is_file() and (d / "tokenizer.json").is_file() and (d / "manifest.json").is_file()


@lru_cache(maxsize=1)
def manifest() -> dict:
    return json.loads((model_dir() / "manifest.json").read_text())


def model_name() -> str:
    return manifest()["name"] if available() else ""


@lru_cache(maxsize=1)
def _session() -> tuple:
    if not available():
        raise EmbeddingsUnavailable(
            f"no embedding model in {model_dir()}: run `bash scripts/build_embedding_model.sh`")
    import onnxruntime as ort
    from tokenizers import Tokenizer

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    opts.inter_op_num_threads = 1
    sess = ort.InferenceSession(str(model_dir() / "model.onnx"), opts, providers=["CPUExecutionProvider"])
    tok = Tokenizer.from_file(str(model_dir() / "tokenizer.json"))
    tok.enable_truncation(max_length=int(manifest().get("max_length", 128)))
    tok.enable_padding(pad_id=0, pad_token="[PAD]")
    return sess, tok


def encode(texts: Sequence[str]) -> np.ndarray:
    """L2-normalised float32 embeddings, shape (len(texts), 384). Batches sorted by length."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    sess, tok = _session()
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    out = np.zeros((len(texts), DIM), dtype=np.float32)
    for start in range(0, len(order), BATCH):
        idx = order[start:start + BATCH]
        with _lock:  # the tokenizer's padding state is shared
            encs = tok.encode_batch([texts[i] or "" for i in idx])
        ids = np.array([e.ids for e in encs], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encs], dtype=np.int64)
        hidden = sess.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)})[0]
        m = mask[:, :, None].astype(np.float32)
        pooled = (hidden * m).sum(axis=1) / np.clip(m.sum(axis=1), 1e-9, None)
        pooled /= np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
        out[idx] = pooled
    return out


@lru_cache(maxsize=1)
def _planes() -> np.ndarray:
    rng = np.random.default_rng(SEED)
    return rng.standard_normal((DIM, BANDS * ROWS)).astype(np.float32)


_WEIGHTS = (1 << np.arange(ROWS, dtype=np.int64))


def band_buckets(vectors: np.ndarray) -> np.ndarray:
    """(n, BANDS) int buckets: each band's sign bits as an integer. Deterministic everywhere."""
    bits = (np.atleast_2d(vectors) @ _planes()) > 0
    return (bits.reshape(-1, BANDS, ROWS).astype(np.int64) * _WEIGHTS).sum(axis=2)


def probe_buckets(bucket: int) -> list[int]:
    """The bucket and all its ROWS neighbours one bit away."""
    return [int(bucket)] + [int(bucket) ^ (1 << r) for r in range(ROWS)]


def query_buckets(vector: np.ndarray, flips: int = PROBE_FLIPS) -> list[list[int]]:
    """Per band, the buckets a lookup reads: the vector's own and, query-directed multi-probe, the
    ``flips`` neighbours whose flipped bit is the least certain one (projection closest to 0: where
    a close paraphrase most likely falls on the other side of the hyperplane)."""
    proj = (np.atleast_2d(vector) @ _planes())[0].reshape(BANDS, ROWS)
    out = []
    for band in range(BANDS):
        bits = proj[band] > 0
        bucket = int((bits.astype(np.int64) * _WEIGHTS).sum())
        weakest = np.argsort(np.abs(proj[band]))[:flips]
        out.append([bucket] + [bucket ^ (1 << int(r)) for r in weakest])
    return out


def to_bytes(vector: np.ndarray) -> bytes:
    """The stored form: float16, 768 bytes (a float32 row is 1,536 and spills to fewer rows a page);
    the cosine of two unit vectors moves by less than 0.001 (bench/bench_lookup.py prints it)."""
    return np.asarray(vector, dtype=np.float16).tobytes()


def from_bytes(raw: bytes | memoryview) -> np.ndarray:
    """float32 vector of a stored row: float16 (768 bytes), or float32 (1,536 bytes) as written before."""
    buf = bytes(raw)
    dtype = np.float32 if len(buf) == DIM * 4 else np.float16
    return np.frombuffer(buf, dtype=dtype).astype(np.float32)
