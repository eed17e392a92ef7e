"""Load the trained NER once per process, by path."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from core.errors import GongkaiError
from redact.ner.ops import numpy_blas
from redact.ner.tokenizer import NAME as _TOKENIZER  # noqa: F401  (registers it)


class ModelUnavailable(GongkaiError):
    code = "model_unavailable"
    http_status = 503


@lru_cache(maxsize=2)
def load_ner(path: Path):
    """The spaCy pipeline at ``path`` (a ``models/ner`` folder or its ``pipeline/``)."""
    import spacy

    path = Path(path)
    if (path / "pipeline").is_dir():
        path = path / "pipeline"
    if not (path / "config.cfg").is_file():
        raise ModelUnavailable(
            f"no NER pipeline at {path}: train one with "
            "`gongkai train ner --data ../shared/data/ner --out models/ner`"
        )
    with numpy_blas():
        return spacy.load(path)
