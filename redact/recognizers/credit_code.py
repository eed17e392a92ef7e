"""统一社会信用代码 (GB 32100): identifies an organisation, so its category is not
personal; the policy normally keeps it."""

from __future__ import annotations

from datetime import date

from stdnum.cn import uscc
from stdnum.exceptions import ValidationError

from core.datamodel import Category
from redact.recognizers.base import Pattern, PatternRecognizer, Verdict
from redact.recognizers.id_card import PROVINCES


class CreditCodeRecognizer(PatternRecognizer):
    name = "CreditCodeRecognizer"
    category = Category.CREDIT_CODE
    patterns = (
        Pattern("18 位统一社会信用代码", r"(?<![0-9A-Za-z])[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Za-z])", 0.5),
    )  # fmt: skip
    context = ("信用代码", "社会信用", "统一代码", "营业执照", "纳税人识别号")

    def validate(self, matched: str) -> Verdict:
        if matched.isdigit():
            return Verdict.reject("全是数字：是身份证号或账号，不是信用代码")
        try:
            uscc.validate(matched)
        except ValidationError:
            return Verdict.reject("GB 32100 校验码不对")
        if _shaped_like_an_id(matched):
            # 17 digits and an X with a birth date inside: one in 31 IDs (a mistyped one
            # too) also passes GB 32100's check. Only a 信用代码 label makes it a code;
            # otherwise the ID recogniser reads it, and personal data wins the tie.
            return Verdict(
                0.0,
                "像身份证号码的统一社会信用代码（仅在有“信用代码”等字样时认定）",
                with_context=0.9,
            )
        return Verdict(0.9, "统一社会信用代码，GB 32100 校验码正确")


def _shaped_like_an_id(code: str) -> bool:
    if not (code[:17].isdigit() and code[17] in "0123456789X"):
        return False
    try:
        born = date(int(code[6:10]), int(code[10:12]), int(code[12:14]))
    except ValueError:
        return False
    return date(1850, 1, 1) <= born <= date.today() and code[:2] in PROVINCES
