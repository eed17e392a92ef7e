"""Run one recogniser over a text and return (category, text, score, explanation)."""

from __future__ import annotations

from stdnum.cn import ric

from redact.text import fold_width


def run(recognizer, text: str) -> list[tuple[str, str]]:
    """(category, matched text) for each candidate, in order."""
    return [(c.category.value, text[c.start : c.end]) for c in recognizer.analyze(fold_width(text))]


def candidates(recognizer, text: str):
    return recognizer.analyze(fold_width(text))


def valid_id(prefix17: str) -> str:
    return prefix17 + ric.calc_check_digit(prefix17)


def to_full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)
