"""Chinese dates as written in official documents, normalised to ISO 8601.

成文日期 is written in Arabic numerals since GB/T 9704-2012 (2020年3月5日) and in
Chinese numerals in older documents and many seals (二〇二〇年三月五日).
"""

from __future__ import annotations

import re
from datetime import date

_DIGITS = "0-9０-９〇○零一二三四五六七八九"
#: A full year-month-day date; named groups y, m, d.
DATE_PATTERN = (
    rf"(?P<y>[{_DIGITS}]{{4}})\s*年\s*(?P<m>[{_DIGITS}十]{{1,3}})\s*月\s*"
    rf"(?P<d>[{_DIGITS}十]{{1,3}})\s*日"
)
DATE_RE = re.compile(DATE_PATTERN)

_NUMERALS = {ch: i for i, ch in enumerate("〇一二三四五六七八九")}
_NUMERALS.update({"○": 0, "零": 0})
_NUMERALS.update({chr(ord("０") + i): i for i in range(10)})
_NUMERALS.update({str(i): i for i in range(10)})


def chinese_number(text: str) -> int | None:
    """1–9999 written digit by digit (二〇二〇, ２０２０) or with 十 (十二, 二十三, 三十)."""
    if not text:
        return None
    if "十" in text:
        head, _, tail = text.partition("十")
        if "十" in tail:
            return None
        tens = _NUMERALS.get(head) if head else 1
        units = _NUMERALS.get(tail) if tail else 0
        if tens is None or units is None:
            return None
        return tens * 10 + units
    value = 0
    for ch in text:
        digit = _NUMERALS.get(ch)
        if digit is None:
            return None
        value = value * 10 + digit
    return value


def parse_date(match: re.Match[str]) -> date | None:
    year, month, day = (chinese_number(match.group(k)) for k in ("y", "m", "d"))
    if year is None or month is None or day is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def normalise_date(text: str) -> str | None:
    """ISO date of the first date written in ``text``; None when there is none."""
    for match in DATE_RE.finditer(text):
        parsed = parse_date(match)
        if parsed is not None:
            return parsed.isoformat()
    return None
