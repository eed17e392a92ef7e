"""居民身份证号码 (GB 11643): region, birth date, sequence, MOD 11-2 check digit."""

from __future__ import annotations

from datetime import date

from stdnum.cn import ric
from stdnum.exceptions import ValidationError

from core.datamodel import Category
from redact.recognizers.base import Pattern, PatternRecognizer, Verdict
from redact.text import digits_only


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
            return Verdict.reject("18 digits but no real birth date in positions 7-14")
        region = _region(number)
        where = (
            f"region {number[:6]} ({region})"
            if region
            else f"region {number[:6]} (not in the code table)"
        )
        expected = ric.calc_check_digit(number[:17])
        if expected != number[17]:
            if region is None:
                return Verdict.reject("18 digits with an unknown region and a wrong check digit")
            return Verdict(
                0.5,
                f"18-digit ID shape, {where}, born {born}, "
                f"but the check digit is {number[17]}, not {expected}: a typo or not an ID",
            )
        # A valid check digit and birth date are strong evidence on their own; the code
        # table misses some real (new or renamed) county codes.
        return Verdict(
            0.95 if region else 0.8, f"18-digit ID, check digit valid, {where}, born {born}"
        )


def _legacy(number: str) -> Verdict:
    born = _birth_date("19" + number[6:12])
    region = _region(number[:6] + "19" + number[6:12] + "0000")
    if born is None or region is None:
        return Verdict.reject("15 digits but not a legacy ID (date or region invalid)")
    return Verdict(0.6, f"15-digit legacy ID, region {number[:6]} ({region}), born {born}")


def _birth_date(text: str) -> date | None:
    try:
        born = date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return None
    return born if date(1900, 1, 1) <= born <= date.today() else None


def _region(number: str) -> str | None:
    try:
        place = ric.get_birth_place(number.ljust(18, "0"))
    except ValidationError:
        return None
    return "".join(part for part in (place.get("province"), place.get("county")) if part) or "known"
