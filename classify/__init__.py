"""Disclosure-attribute suggestion: explainable rules, and a trained, retrainable
scikit-learn model where an office has one (``classify.model``)."""

from __future__ import annotations

from collections.abc import Sequence

from classify.categories import load_categories
from classify.suggest import suggest
from core.config import Settings
from core.datamodel import Document, Finding, Suggestion

__all__ = ["suggest", "suggest_with_settings"]


def suggest_with_settings(
    document: Document, findings: Sequence[Finding], settings: Settings
) -> Suggestion:
    """The suggestion with the office's category list and its trained model, if any."""
    from classify.model import load_model

    return suggest(
        document,
        findings,
        model=load_model(settings.classifier_path),
        categories=load_categories(settings.categories_path),
    )
