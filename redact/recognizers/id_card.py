"""居民身份证号码 (GB 11643): region, birth date, sequence, MOD 11-2 check digit.

The check digit decides. A valid one is an ID whatever a region table says: tables
miss new and renamed counties, and an ID keeps the code of the place where it was
issued, which may be a district created after the holder was born — so the table only
feeds the explanation. A wrong check digit right after an ID label is a typo in an ID,
and still an ID.
"""

from __future__ import annotations

from datetime import date

from stdnum import numdb
from stdnum.cn import ric

from core.datamodel import Category
from redact.recognizers.base import Pattern, PatternRecognizer, Verdict
from redact.text import digits_only

#: The first two digits of GB/T 2260: provinces, autonomous regions, municipalities;
#: 71 台湾, 81 香港, 82 澳门 (83 is used on residence permits of 台湾 residents).
PROVINCES = frozenset(
    [
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "81",
        "82",
        "83",
    ]
)
#: Scores: a valid check digit; a wrong one (or an unknown province) on its own; the
#: same next to an ID label (身份证号：…), where a typo in an ID is still an ID.
VALID, DOUBTFUL, LABELLED = 0.95, 0.5, 0.9


class IdCardRecognizer(PatternRecognizer):
    name = "IdCardRecognizer"
    category = Category.ID_CARD
    patterns = (
        # 6 region + 8 birth date + 3 sequence + check; people type spaces between groups.
        Pattern(
            "18-digit ID", r"(?<![0-9A-Za-z])\d{6}[ -]?\d{8}[ -]?\d{3}[0-9Xx](?![0-9A-Za-z])", 0.6
        ),
        Pattern("15-digit legacy ID", r"(?<![0-9A-Za-z])\d{15}(?![0-9A-Za-z])", 0.4),
    )
    context = ("身份证", "证件号", "公民身份号码", "身份号码", "证号", "idcard")
    negative_context = ("订单", "流水号", "单号", "账号", "卡号")

    def validate(self, matched: str) -> Verdict:
        number = digits_only(matched).upper()
        if len(number) == 15:
            return _legacy(number)
        born = _birth_date(number[6:14])
        if born is None:
            return Verdict.reject("18 位数字，但第 7–14 位不是真实的出生日期")
        where = _where(number[:6], born.year)
        # stdnum's check takes the whole number and leaves out its last character itself.
        expected = ric.calc_check_digit(number)
        if number[:2] not in PROVINCES:
            return Verdict(
                0.0,
                f"18 位数字，前两位 {number[:2]} 不是省级行政区划代码",
                with_context=DOUBTFUL,
            )
        if expected != number[17]:
            return Verdict(
                DOUBTFUL,
                f"18 位身份证号码格式，{where}，出生于 {born}，"
                f"但校验码应为 {expected} 而不是 {number[17]}：可能是录入错误",
                with_context=LABELLED,
            )
        return Verdict(VALID, f"18 位身份证号码，校验码正确，{where}，出生于 {born}")


def _legacy(number: str) -> Verdict:
    """15-digit IDs (before 1999): no check digit, the year without its century."""
    born = _birth_date("19" + number[6:12])
    if born is None or number[:2] not in PROVINCES:
        return Verdict.reject("15 位数字，但不是旧版身份证号码（出生日期或省份代码不对）")
    where = _where(number[:6], born.year)
    return Verdict(0.6, f"15 位旧版身份证号码，{where}，出生于 {born}", with_context=LABELLED)


def _birth_date(text: str) -> date | None:
    try:
        born = date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return None
    # GB 11643 itself gives an example born in 1880; archives hold IDs of the dead.
    return born if date(1850, 1, 1) <= born <= date.today() else None


def _where(code: str, year: int) -> str:
    """The region for the explanation: the county in use in ``year`` if the table
    knows one, else the latest it knows, else only the code."""
    names: dict[str, str] = {}
    for _part, props in numdb.get("cn/loc").info(code):
        names.update(props)
    province, county = names.get("province", ""), _county(names.get("county", ""), year)
    if not (province or county):
        return f"地区码 {code}（代码表中没有）"
    return f"地区码 {code}（{province}{county}）"


def _county(entries: str, year: int) -> str:
    """stdnum writes a county's history as "[1983-1995]甲县,[1995-]乙区"."""
    latest = ""
    for entry in filter(None, entries.split(",")):
        if not entry.startswith("["):
            return entry
        span, name = entry[1:].split("]", 1)
        start, _, end = span.partition("-")
        if (not start or int(start) <= year) and (not end or year <= int(end)):
            return name
        latest = name
    return latest
