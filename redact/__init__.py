"""Personal-data detection and true redaction.

``apply(document, redactions, style, original=...)`` writes the publishable file and
checks it for leaks before returning it.

``detect(document)`` runs the process's detector: the pattern recognisers, the NER
(loaded once per process) and the policy from settings. ``build_detector`` builds one
explicitly, e.g. without the NER for tests of the patterns.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from core.config import Settings, get_settings
from core.datamodel import Document, Finding
from redact.apply import apply
from redact.context import NerFn
from redact.detect import Detector
from redact.policy import Policy, load_policy
from redact.recognizers import default_registry

__all__ = ["Detector", "apply", "build_detector", "detect", "spacy_ner"]


def spacy_ner(model_path: Path) -> NerFn:
    from redact.ner.model import load_ner

    nlp = load_ner(model_path)

    def run(texts):
        return [
            [(e.start_char, e.end_char, e.label_) for e in doc.ents]
            for doc in nlp.pipe(texts, batch_size=64)
        ]

    return run


def build_detector(
    settings: Settings | None = None, *, use_ner: bool = True, policy: Policy | None = None
) -> Detector:
    settings = settings or get_settings()
    policy = policy or load_policy(settings.policy_path)
    ner = spacy_ner(settings.ner_model_path) if use_ner else None
    return Detector(default_registry(policy, ner, settings.recognizers_path), policy)


@lru_cache(maxsize=1)
def _process_detector() -> Detector:
    return build_detector()


def detect(document: Document) -> list[Finding]:
    return _process_detector().detect(document)
