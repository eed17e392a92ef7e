"""Bank card numbers: 16-19 digits passing the Luhn check."""

from __future__ import annotations

from stdnum import luhn

from core.datamodel import Category
from redact.recognizers.base import Pattern, PatternRecognizer, Verdict
from redact.text import digits_only

#: UnionPay (62, 60, 9), Visa (4), Mastercard (5, 2), JCB and Amex (3).
_ISSUER_PREFIXES = ("62", "60", "9", "4", "5", "2", "3")


class BankCardRecognizer(PatternRecognizer):
    name = "BankCardRecognizer"
    category = Category.BANK_CARD
    patterns = (
        Pattern(
            "16-19 digit card number", r"(?<![0-9A-Za-z])(?:\d[ -]?){15,18}\d(?![0-9A-Za-z])", 0.45
        ),
    )
    context = (
        "银行卡",
        "卡号",
        "账号",
        "帐号",
        "开户",
        "银行",
        "储蓄卡",
        "信用卡",
        "借记卡",
        "收款",
    )
    negative_context = ("身份证", "编号", "订单", "流水")
    negative_after = ("元", "万", "亿", "人次")

    def validate(self, matched: str) -> Verdict:
        number = digits_only(matched)
        if not 16 <= len(number) <= 19 or "X" in number.upper():
            return Verdict.reject("不是 16–19 位数字")
        if len(number) == 18:
            # Same length as an ID number: the ID recogniser reads it; a card only with context.
            if not luhn.is_valid(number):
                return Verdict.reject("18 位数字，未通过 Luhn 校验")
            return Verdict(0.35, "18 位数字，通过 Luhn 校验（也可能是身份证号码）")
        if not luhn.is_valid(number):
            # Reported only beside 账号/卡号, and then for review: an account number at most.
            return Verdict(
                0.25, f"{len(number)} 位数字，未通过 Luhn 校验：至多是账号"
            )
        if not number.startswith(_ISSUER_PREFIXES):
            # One random number in ten passes Luhn: without a card issuer's prefix, ask.
            return Verdict(
                0.4, f"{len(number)} 位数字通过 Luhn 校验，但不是发卡行的号段"
            )
        if len(number) == 17:  # cards are 16 or 19 digits, rarely 17
            return Verdict(0.45, "17 位数字通过 Luhn 校验：卡号少见的长度")
        return Verdict(0.7, f"{len(number)} 位银行卡号，Luhn 校验通过")
