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
# One sentence a session run: the int8 model quantises its activations with one scale per run (dynamic
# quantisation), so a sentence encoded among others got another vector than alone (cosine 0.982-0.999, median
# 0.991, on 50 news sentences each run with 30 others): a claim's stored vector depended on which claims shared
# its batch, and a lookup of a claim's exact text did not find it at 1.0. Alone, a text's vector is a function
# of the text and nothing is padded; it costs ~15% more CPU than length-planned runs of up to 8 (bench/README,
# 2026-12-07, which also keeps the fitted cost model of batched runs).

_lock = threading.Lock()


class EmbeddingsUnavailable(RuntimeError):
    pass


def model_dir() -> Path:
    return Path(settings.EMBEDDING_MODEL_DIR)


def available(directory: Path | None = None) -> bool:
    d = directory or model_dir()
    return (d / "model.onnx").is_file() and (d / "tokenizer.json").is_file() and (d / "manifest.json").is_file()


@lru_cache(maxsize=4)
def _manifest(directory: Path) -> dict:
    return json.loads((directory / "manifest.json").read_text())


def manifest() -> dict:
    return _manifest(model_dir())


def model_name() -> str:
    """The loaded model's recipe name, stored with every vector: vectors of two names are never compared."""
    return manifest()["name"] if available() else ""


# onnxruntime's CPU SkipLayerNormalization (the residual Add + LayerNormalization it fuses at load) costs ~2.7 us a
# word piece against ~0.4 for the two ops unfused (30 x 384: 88 vs 25 us a call, one thread, ORT 1.32): kept
# unfused, a claim's encoding is ~9-11% cheaper (bench/README, 2026-12-07, "a spinning BLAS thread and
# SkipLayerNormalization"). Same model and name: the vectors move only by the int8 rounding (cosine >= 0.994).
DISABLED_OPTIMIZERS = ("SkipLayerNormFusion",)


@lru_cache(maxsize=4)
def _session(directory: Path, disabled: tuple[str, ...] = DISABLED_OPTIMIZERS) -> tuple:
    if not available(directory):
        raise EmbeddingsUnavailable(
            f"no embedding model in {directory}: run `bash scripts/build_embedding_model.sh`")
    import onnxruntime as ort
    from tokenizers import Tokenizer

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    opts.inter_op_num_threads = 1
    sess = ort.InferenceSession(str(directory / "model.onnx"), opts, providers=["CPUExecutionProvider"],
                                disabled_optimizers=list(disabled))
    tok = Tokenizer.from_file(str(directory / "tokenizer.json"))
    tok.enable_truncation(max_length=int(_manifest(directory).get("max_length", 128)))
    tok.no_padding()  # tokenizer.json pads to 128; encode() pads each planned batch itself
    return sess, tok


def encode(texts: Sequence[str], directory: Path | None = None, *,
           disabled: tuple[str, ...] = DISABLED_OPTIMIZERS) -> np.ndarray:
    """L2-normalised float32 embeddings, shape (len(texts), 384), each a function of its text alone (one
    session run a text, see above). A text given twice is encoded once. ``directory``: another model than the
    configured one; ``disabled``: other onnxruntime graph optimizers off (benches comparing builds/sessions)."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    sess, tok = _session(directory or model_dir(), tuple(disabled))
    unique = list(dict.fromkeys(t or "" for t in texts))
    with _lock:  # one tokenizer object per process, shared by threads
        encs = tok.encode_batch(unique)
    vecs = np.zeros((len(unique), DIM), dtype=np.float32)
    for k, enc in enumerate(encs):
        ids = np.array([enc.ids], dtype=np.int64)  # no padding: the mask is all ones
        hidden = sess.run(None, {"input_ids": ids, "attention_mask": np.ones_like(ids),
                                 "token_type_ids": np.zeros_like(ids)})[0][0]
        pooled = hidden.mean(axis=0)
        vecs[k] = pooled / max(float(np.linalg.norm(pooled)), 1e-12)
    where = {t: k for k, t in enumerate(unique)}
    return vecs[[where[t or ""] for t in texts]]


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
