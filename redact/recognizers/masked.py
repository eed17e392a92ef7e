"""Already de-identified: 张某某, 邓某1, 赵**, 4301**********1234, 138****1234.

Agencies mask before they publish; such a string is no longer personal data and must
not be read as a name or redacted again — unless the mask leaves too much: an ID with
its whole birth date visible, a phone with only its last digits hidden. Minimisation as
GB/T 35273 practises it: an ID shows at most its region and its last four, a phone its
first three and last four.
"""

from __future__ import annotations

import re

from core.datamodel import Category
from redact.context import AnalysisContext
from redact.names import COMPOUND_SURNAMES, MASK_CHARS, SURNAMES, common_words
from redact.recognizers.base import Candidate

NAME = "MaskedRecognizer"
SCORE = 0.95
_MASK = MASK_CHARS
_M = "[*＊×✕○〇]"
_SURNAME = "(?:" + "|".join(sorted(COMPOUND_SURNAMES)) + f"|[{''.join(sorted(SURNAMES))}])"

_PATTERNS: tuple[tuple[Category, re.Pattern[str]], ...] = (
    # 18 characters of an ID with some masked: 4301**********1234, 43022319870929****.
    (Category.ID_CARD, re.compile(r"(?<![0-9A-Za-z*＊])(?=[0-9Xx*＊×]{18}(?![0-9A-Za-z*＊]))(?=[0-9]{0,17}[*＊×])\d[0-9*＊×]{16}[0-9Xx*＊×]")),
    # …or its end written over with X (432325197105XXXXXX): one X is a check digit, a
    # run of them a mask.
    (Category.ID_CARD, re.compile(r"(?<![0-9A-Za-z*＊])(?=[0-9Xx]{18}(?![0-9A-Za-z*＊]))\d{6,16}[Xx]{2,12}")),
    # A mobile with some digits masked: 138****1234, 1532559****.
    (Category.MOBILE_PHONE, re.compile(r"(?<![0-9A-Za-z*＊])(?=[0-9]{0,10}[*＊×])1[3-9][0-9*＊×]{9}(?![0-9A-Za-z*＊])")),
    # A plate with its number masked: 川A×××××, 浙c×××××.
    (Category.LICENSE_PLATE, re.compile(rf"[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-Za-zＡ-Ｚ]{_M}{{4,6}}")),
    # A birth date with its month or day masked: 1973年**月**日.
    (Category.BIRTH_DATE, re.compile(rf"(?:19|20)\d{{2}}年(?:\d{{1,2}}|{_M}{{1,2}})月(?:\d{{1,2}}|{_M}{{1,2}})日(?<={_M}.日)|(?:19|20)\d{{2}}年{_M}{{1,2}}月")),
    # A name with its given name masked: 张某某, 邓某1, 周某甲, 赵**, 谭XX, 周某兰.
    (Category.PERSON_NAME, re.compile(rf"{_SURNAME}(?:某(?:某|[甲乙丙丁戊己庚辛]|\d{{1,2}}|[\u4e00-\u9fff](?=[，,、。；;:：（(]))?|[*＊×]{{1,3}}(?![0-9*＊])|[Xx]{{2,3}}(?![0-9A-Za-z])|[○〇]{{1,2}})")),
)  # fmt: skip


class MaskedRecognizer:
    name = NAME

    def analyze(self, context: AnalysisContext) -> list[Candidate]:
        found = []
        for category, pattern in _PATTERNS:
            for match in pattern.finditer(context.folded):
                value = match.group()
                start = match.start()
                if (
                    category == Category.PERSON_NAME
                    and start
                    and (context.folded[start - 1 : start + 1] in common_words())
                ):
                    continue  # 关于某事, 对于某些: a word ending in a surname, no name
                too_much = _too_much(category, value)
                explanation = (
                    f"已去标识化的{category.label}“{value}”，但遮盖不足：{too_much}"
                    if too_much
                    else f"已去标识化的{category.label}“{value}”"
                )
                found.append(
                    Candidate(
                        match.start(),
                        match.end(),
                        category,
                        SCORE,
                        NAME,
                        explanation,
                        {"masked": True, "too_much": too_much},
                    )
                )
        return found


def _too_much(category: Category, value: str) -> str | None:
    """Why the mask leaves too much visible, or None."""
    hidden = sum(ch in _MASK for ch in value) or len(value) - len(value.rstrip("Xx"))
    if category == Category.ID_CARD:
        if all(ch.isdigit() for ch in value[6:14]):
            return "出生日期完整可见"
        if 18 - hidden > 10:
            return f"可见 {18 - hidden} 位"
    if category == Category.MOBILE_PHONE:
        visible_head = len(value) - len(value.lstrip("0123456789"))
        if hidden < 4 or visible_head > 3:
            return f"前 {visible_head} 位可见"
    return None
