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
            "18 位身份证号码", r"(?<![0-9A-Za-z])\d{6}[ -]?\d{8}[ -]?\d{3}[0-9Xx](?![0-9A-Za-z])", 0.6
        ),
        Pattern("15 位旧身份证号码", r"(?<![0-9A-Za-z])\d{15}(?![0-9A-Za-z])", 0.4),
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
        region = _region(number)
        where = (
            f"地区码 {number[:6]}（{region}）"
            if region
            else f"地区码 {number[:6]}（不在代码表中）"
        )
        expected = ric.calc_check_digit(number[:17])
        if expected != number[17]:
            if region is None:
                return Verdict.reject("18 位数字，地区码未知且校验码不符")
            return Verdict(
                0.5,
                f"18 位身份证号码格式，{where}，出生 {born}，"
                f"但校验码是 {number[17]} 而应为 {expected}：笔误，或不是身份证号码",
            )
        # A valid check digit and birth date are strong evidence on their own; the code
        # table misses some real (new or renamed) county codes.
        return Verdict(
            0.95 if region else 0.8, f"18 位身份证号码，校验码正确，{where}，出生 {born}"
        )


def _legacy(number: str) -> Verdict:
    born = _birth_date("19" + number[6:12])
    region = _region(number[:6] + "19" + number[6:12] + "0000")
    if born is None or region is None:
        return Verdict.reject("15 位数字，但不是旧身份证号码（日期或地区码无效）")
    return Verdict(0.6, f"15 位旧身份证号码，地区码 {number[:6]}（{region}），出生 {born}")


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
    return "".join(part for part in (place.get("province"), place.get("county")) if part) or "已知"
