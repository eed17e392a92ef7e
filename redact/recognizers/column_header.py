"""What a block's source says it holds: a spreadsheet cell under a column headed
身份证号, 联系电话 or 姓名 holds an ID number, a phone, a name — also where the value alone
would be ambiguous (an ID with a wrong check digit, a name the NER does not know).

Ingest marks such a block (``Block.holds``, ``ingest/sheets.py``); the whole block is a
candidate, scored above the patterns' ambiguous finds, and the policy judges it like
any other finding.
"""

from __future__ import annotations

from core.datamodel import Category
from redact.context import AnalysisContext
from redact.recognizers.base import Candidate

NAME = "ColumnHeaderRule"
SCORE = 0.95
_EDGE = set(" \t\n\u3000，。、；：:;,.")


class ColumnHeaderRecognizer:
    name = NAME

    def analyze(self, context: AnalysisContext) -> list[Candidate]:
        found = []
        text = context.text
        for block in context.blocks:
            if not block.holds:
                continue
            start, end = block.start, block.end
            while start < end and text[start] in _EDGE:
                start += 1
            while end > start and text[end - 1] in _EDGE:
                end -= 1
            if start < end:
                category = Category(block.holds)
                found.append(
                    Candidate(
                        start,
                        end,
                        category,
                        SCORE,
                        NAME,
                        f"所在列的列标题表明本列为{category.label}",
                    )
                )
        return found
