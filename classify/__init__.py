"""Disclosure-attribute suggestion: explainable rules from the law (``classify.law``),
and a trained, retrainable scikit-learn model where an office has one
(``classify.model``, imported only when a model is there: the API process stays free of
scikit-learn otherwise)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from classify.categories import load_categories
from classify.reading import describe
from classify.suggest import suggest
from core.config import Settings
from core.datamodel import Document, Finding, Suggestion

__all__ = ["active_model", "suggest", "suggest_description", "suggest_with_settings"]


def suggest_with_settings(
    document: Document, findings: Sequence[Finding], settings: Settings
) -> Suggestion:
    """The suggestion with the office's category list and its trained model, if any."""
    return suggest(
        document,
        findings,
        model=active_model(settings.classifier_path),
        categories=load_categories(settings.categories_path),
    )


def suggest_description(text: str, settings: Settings) -> dict:
    """The suggestion for a short text — a title, a catalogue item, what an applicant
    asks for — with the office's categories and model, in its JSON form (``Suggestion.
    to_dict``): each piece of evidence carries the words of ``text`` it read."""
    document = describe(text)
    suggestion = suggest(
        document,
        model=active_model(settings.classifier_path),
        categories=load_categories(settings.categories_path),
        short=True,
    )
    return suggestion.to_dict(document.text)


def active_model(folder):
    """The active model, loaded once per process and version: a retrain that replaces
    it (``ACTIVE`` points elsewhere) is picked up by the next document. Without one,
    scikit-learn is never imported."""
    active = folder / "ACTIVE"
    if not active.is_file():
        return None
    return _load(folder, active.read_text().strip())


@lru_cache(maxsize=4)
def _load(folder, version):
    from classify.model import load_model

    return load_model(folder)
