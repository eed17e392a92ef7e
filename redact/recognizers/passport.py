"""Passport numbers of the PRC (E/EA-EZ, G, D, S, P series); shapes other codes share,
so without a nearby 护照 they are only offered for review."""

from __future__ import annotations

from core.datamodel import Category
from redact.recognizers.base import Pattern, PatternRecognizer


class PassportRecognizer(PatternRecognizer):
    name = "PassportRecognizer"
    category = Category.PASSPORT
    patterns = (
        Pattern("普通护照（E + 8 位数字）", r"(?<![0-9A-Za-z])[Ee]\d{8}(?![0-9A-Za-z])", 0.45),
        Pattern("普通护照（E + 字母 + 7 位数字）", r"(?<![0-9A-Za-z])[Ee][A-HJ-NP-Za-hj-np-z]\d{7}(?![0-9A-Za-z])", 0.45),
        Pattern("旧版或公务护照（G/D/S/P + 8 位数字）", r"(?<![0-9A-Za-z])[GgDdSsPp]\d{8}(?![0-9A-Za-z])", 0.35),
    )  # fmt: skip
    context = ("护照", "passport", "证件号")
    context_boost = 0.45
    negative_context = ("型号", "编号", "批次", "产品")
