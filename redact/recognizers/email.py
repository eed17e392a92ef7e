"""E-mail addresses."""

from __future__ import annotations

from core.datamodel import Category
from redact.recognizers.base import Pattern, PatternRecognizer, Verdict


class EmailRecognizer(PatternRecognizer):
    name = "EmailRecognizer"
    category = Category.EMAIL
    patterns = (
        Pattern(
            "e-mail address",
            r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}(?![A-Za-z0-9-])",
            0.85,
        ),
    )
    context = ("邮箱", "邮件", "email", "e-mail", "电子信箱")

    def validate(self, matched: str) -> Verdict | None:
        local, _, domain = matched.rpartition("@")
        if ".." in matched or local.endswith("."):
            return Verdict.reject("malformed e-mail address")
        return Verdict(0.85, f"e-mail address at {domain}")
