"""E-mail addresses."""

from __future__ import annotations

from core.datamodel import Category
from redact.recognizers.base import Pattern, PatternRecognizer, Verdict


class EmailRecognizer(PatternRecognizer):
    name = "EmailRecognizer"
    category = Category.EMAIL
    patterns = (
        Pattern(
            "电子邮箱地址",
            r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}(?![A-Za-z0-9-])",
            0.85,
        ),
    )
    context = ("邮箱", "邮件", "email", "e-mail", "电子信箱")

    def validate(self, matched: str) -> Verdict | None:
        local, _, domain = matched.rpartition("@")
        if ".." in matched or local.endswith("."):
            return Verdict.reject("电子邮箱地址格式不对")
        return Verdict(0.85, f"电子邮箱地址（{domain}）")
