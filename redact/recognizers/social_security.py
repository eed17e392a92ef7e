"""社会保障卡号: the card's own number, read only beside its name (the ID number on
the card is found by the ID recogniser)."""

from __future__ import annotations

from core.datamodel import Category
from redact.recognizers.base import Pattern, PatternRecognizer


class SocialSecurityCardRecognizer(PatternRecognizer):
    name = "SocialSecurityCardRecognizer"
    category = Category.SOCIAL_SECURITY_CARD
    patterns = (
        Pattern("标注后的社会保障卡号", r"(?:社会保障卡|社保卡|医保卡|社会保障号码|社保号|医保号)(?:卡号|号码|号)?[:： ]*(?P<value>[A-Za-z]?\d{7,17}[0-9Xx]?)(?![0-9A-Za-z])", 0.85),
    )  # fmt: skip
    context = ("社会保障", "社保", "医保")
    context_before = 24
