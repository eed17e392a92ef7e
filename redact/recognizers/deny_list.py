"""The office's deny-list: terms always removed, wherever they appear."""

from __future__ import annotations

import re
from collections.abc import Iterable

from core.datamodel import Category
from redact.context import AnalysisContext
from redact.recognizers.base import Candidate

NAME = "DenyListRecognizer"


class DenyListRecognizer:
    name = NAME

    def __init__(self, terms: Iterable[str]) -> None:
        terms = sorted({t for t in terms if t}, key=len, reverse=True)
        self._pattern = re.compile("|".join(map(re.escape, terms))) if terms else None

    def analyze(self, context: AnalysisContext) -> list[Candidate]:
        if self._pattern is None:
            return []
        return [
            Candidate(m.start(), m.end(), Category.DENY_LIST, 1.0, NAME, "在本单位的禁用词表中")
            for m in self._pattern.finditer(context.text)
        ]
