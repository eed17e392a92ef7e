"""统一社会信用代码 (GB 32100): identifies an organisation, so its category is not
personal; the policy normally keeps it."""

from __future__ import annotations

from stdnum.cn import uscc
from stdnum.exceptions import ValidationError

from core.datamodel import Category
from redact.recognizers.base import Pattern, PatternRecognizer, Verdict


class CreditCodeRecognizer(PatternRecognizer):
    name = "CreditCodeRecognizer"
    category = Category.CREDIT_CODE
    patterns = (
        Pattern("18 位统一社会信用代码", r"(?<![0-9A-Za-z])[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Za-z])", 0.5),
    )  # fmt: skip
    context = ("信用代码", "社会信用", "统一代码", "营业执照", "纳税人识别号")

    def validate(self, matched: str) -> Verdict:
        if matched.isdigit():
            return Verdict.reject("全是数字：是证件号或账号，不是信用代码")
        try:
            uscc.validate(matched)
        except ValidationError:
            return Verdict.reject("GB 32100 校验码不符")
        return Verdict(0.9, "统一社会信用代码，GB 32100 校验码正确")
