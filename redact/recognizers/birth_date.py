"""Dates of birth: a date right after 出生 / 生于 / 出生日期 / 出生年月."""

from __future__ import annotations

from core.datamodel import Category
from redact.recognizers.base import Pattern, PatternRecognizer

#: 曰 for 日: how OCR (and a hurried typist) often writes it (1979年5月5曰生).
_DATE = (
    r"(?P<value>(?:19|20)\d{2}\s*(?:年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*[日曰])?|[-./]\d{1,2}(?:[-./]\d{1,2})?)"
    r"|[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月(?:[一二三四五六七八九十]{1,3}[日曰])?)"
)


class BirthDateRecognizer(PatternRecognizer):
    name = "BirthDateRecognizer"
    category = Category.BIRTH_DATE
    patterns = (
        Pattern("“出生”“生于”后的日期", rf"(?:出生日期|出生年月日?|出生于|出生|生于|生日)[:：\s为是]*{_DATE}", 0.85),
        Pattern("后接“出生”的日期", rf"{_DATE}\s*(?:出生|生(?![产活效态]))", 0.8),
        # A form's field written without separators: 出生日期 197105, 出生年月：19710523.
        Pattern("“出生日期”栏中的日期", r"(?:出生日期|出生年月日?)[:：\s]*(?P<value>(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])?)(?!\d)", 0.85),
    )  # fmt: skip
