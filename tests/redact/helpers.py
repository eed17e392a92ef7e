"""Run one recogniser over a text and return (category, text, score, explanation)."""

from __future__ import annotations

from redact.context import AnalysisContext
from tests.oracles import valid_id

__all__ = ["candidates", "run", "to_full_width", "valid_id"]


def run(recognizer, text: str) -> list[tuple[str, str]]:
    """(category, matched text) for each candidate, in order."""
    return [(c.category.value, text[c.start : c.end]) for c in candidates(recognizer, text)]


def candidates(recognizer, text: str):
    return recognizer.analyze(AnalysisContext(text))


def to_full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)
