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
        Pattern("18-character credit code", r"(?<![0-9A-Za-z])[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Za-z])", 0.5),
    )  # fmt: skip
    context = ("信用代码", "社会信用", "统一代码", "营业执照", "纳税人识别号")

    def validate(self, matched: str) -> Verdict:
        if matched.isdigit():
            return Verdict.reject("all digits: an ID or account number, not a credit code")
        try:
            uscc.validate(matched)
        except ValidationError:
            return Verdict.reject("GB 32100 check character invalid")
        return Verdict(0.9, "统一社会信用代码, GB 32100 check character valid")
