"""Mobile and landline numbers of mainland China, validated with phonenumbers.

Agencies publish their landlines; whether one is an agency's is the policy's call.
Service numbers such as 12333 have no area code and are not matched.
"""

from __future__ import annotations

import phonenumbers

from core.datamodel import Category
from redact.recognizers.base import Pattern, PatternRecognizer, Verdict

_PHONE_CONTEXT = ("电话", "手机", "联系方式", "联系", "tel", "mobile", "致电", "拨打", "号码")
_NOT_PHONE = ("编号", "文号", "单号", "订单", "账号", "卡号")
#: Right after the digits, these make an amount or a count of it.
_AMOUNT = ("元", "万", "亿", "人次", "人", "件", "份", "次", "个")


def _validate(matched: str, wanted: set[int], what: str) -> Verdict:
    try:
        number = phonenumbers.parse(matched, "CN")
    except phonenumbers.NumberParseException:
        return Verdict.reject(f"不是{what}")
    if not phonenumbers.is_valid_number(number):
        return Verdict.reject(f"不是有效的{what}")
    kind = phonenumbers.number_type(number)
    if kind not in wanted:
        return Verdict.reject(f"是有效号码，但不是{what}")
    return Verdict(
        0.75,
        f"有效的{what}（{phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)}）",
    )


class MobileRecognizer(PatternRecognizer):
    name = "MobileRecognizer"
    category = Category.MOBILE_PHONE
    patterns = (
        Pattern(
            "手机号码",
            r"(?<![0-9A-Za-z])(?P<value>(?:(?:\+|00)86[ -]?)?1[3-9]\d[ -]?\d{4}[ -]?\d{4})(?![0-9A-Za-z])",
            0.7,
        ),
    )
    context = _PHONE_CONTEXT
    negative_context = _NOT_PHONE
    negative_after = _AMOUNT

    def validate(self, matched: str) -> Verdict:
        return _validate(
            matched,
            {
                phonenumbers.PhoneNumberType.MOBILE,
                phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
            },
            "内地手机号码",
        )


class LandlineRecognizer(PatternRecognizer):
    name = "LandlineRecognizer"
    category = Category.LANDLINE_PHONE
    patterns = (
        Pattern(
            "带区号的固定电话",
            r"(?<![0-9A-Za-z])(?P<value>(?:(?:\+|00)86[ -]?)?\(?0\d{2,3}\)?[ -]?[2-9]\d{6,7}"
            r"(?:[ -]?(?:转|分机|ext\.?|-)[ ]?\d{1,5})?)(?![0-9A-Za-z])",
            0.6,
        ),
    )
    context = ("电话", "联系", "座机", "传真", "tel", "fax", "热线", "拨打", "致电")
    negative_context = _NOT_PHONE

    def validate(self, matched: str) -> Verdict:
        main = matched
        for mark in ("转", "分机", "ext.", "ext"):
            main = main.split(mark)[0]
        if main.count("-") > 1:  # 0431-88690585-123: the last group is an extension
            main = main.rsplit("-", 1)[0]
        return _validate(
            main,
            {
                phonenumbers.PhoneNumberType.FIXED_LINE,
                phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
            },
            "固定电话号码",
        )
