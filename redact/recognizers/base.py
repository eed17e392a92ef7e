"""The shape every recogniser has (after presidio's PatternRecognizer).

A recogniser is a class with data as class attributes — its patterns, the context
words that raise or lower its score — and one hook, ``validate``, for checks a regex
cannot make (check digits, dates, region codes). It matches on the width-folded text,
reads context in a window of characters (not tokens: spaCy's zh tokens are single
characters, so a word like 身份证 never fits in one), and returns candidates that the
engine turns into findings. Patterns are anchored with look-arounds, never ``\\b``:
Han characters count as word characters, so ``\\b`` never fires between 号 and a digit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

from core.datamodel import Category


@dataclass(frozen=True)
class Pattern:
    name: str
    regex: str
    score: float
    #: A shape too common to report without a context word (e.g. any 8 digits).
    needs_context: bool = False


@dataclass(frozen=True)
class Verdict:
    """What ``validate`` concluded: keep the candidate with this score, or drop it."""

    score: float
    explanation: str

    @classmethod
    def reject(cls, explanation: str) -> Verdict:
        return cls(0.0, explanation)


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    category: Category
    score: float
    recognizer: str
    explanation: str


#: Candidates scoring below this are not reported at all.
MIN_SCORE = 0.3


class PatternRecognizer:
    name: ClassVar[str]
    category: ClassVar[Category]
    patterns: ClassVar[tuple[Pattern, ...]]
    #: Words that make the match more likely what we think (身份证, 手机 …).
    context: ClassVar[tuple[str, ...]] = ()
    #: Words that make it less likely (文号, 编号 …), on either side.
    negative_context: ClassVar[tuple[str, ...]] = ()
    #: Words that make it less likely right after it (元, 人次: it was an amount).
    negative_after: ClassVar[tuple[str, ...]] = ()
    #: Only report a match that has one of ``context`` in its window (QQ, WeChat).
    requires_context: ClassVar[bool] = False
    context_before: ClassVar[int] = 16
    context_after: ClassVar[int] = 6
    context_boost: ClassVar[float] = 0.2
    negative_penalty: ClassVar[float] = 0.35

    def __init__(self) -> None:
        self._compiled = [(p, re.compile(p.regex)) for p in self.patterns]

    def validate(self, matched: str) -> Verdict | None:
        """Check what a regex cannot; None keeps the pattern's score."""
        return None

    def analyze(self, folded: str) -> list[Candidate]:
        found: list[Candidate] = []
        for pattern, regex in self._compiled:
            for match in regex.finditer(folded):
                start, end = match.span("value") if "value" in regex.groupindex else match.span()
                candidate = self._score(folded, start, end, pattern)
                if candidate is not None:
                    found.append(candidate)
        return found

    def _score(self, folded: str, start: int, end: int, pattern: Pattern) -> Candidate | None:
        matched = folded[start:end]
        verdict = self.validate(matched)
        score = pattern.score if verdict is None else verdict.score
        explanation = pattern.name if verdict is None else verdict.explanation
        if score <= 0:
            return None
        window = self.window(folded, start, end)
        word = next((w for w in self.context if w.lower() in window), None)
        if word is None and (self.requires_context or pattern.needs_context):
            return None
        if word is not None:
            score = min(1.0, score + self.context_boost)
            explanation += f"；上下文有“{word}”"
        following = folded[end : end + self.context_after].lower()
        negative = next((w for w in self.negative_context if w.lower() in window), None) or next(
            (w for w in self.negative_after if following.startswith(w)), None
        )
        if negative is not None:
            score -= self.negative_penalty
            explanation += f"；附近有“{negative}”，可能性降低"
        if score < MIN_SCORE:
            return None
        return Candidate(start, end, self.category, round(score, 3), self.name, explanation)

    def window(self, folded: str, start: int, end: int) -> str:
        before = folded[max(0, start - self.context_before) : start]
        after = folded[end : end + self.context_after]
        return (before + " " + after).lower()
