"""往来港澳通行证, 往来台湾通行证 and 港澳居民来往内地通行证 (回乡证) numbers."""

from __future__ import annotations

from core.datamodel import Category
from redact.recognizers.base import Pattern, PatternRecognizer


class TravelPermitRecognizer(PatternRecognizer):
    name = "TravelPermitRecognizer"
    category = Category.TRAVEL_PERMIT
    patterns = (
        Pattern("往来港澳通行证（C + 8 位数字）", r"(?<![0-9A-Za-z])[Cc]\d{8}(?![0-9A-Za-z])", 0.4),
        Pattern("往来港澳通行证（C + 字母 + 7 位数字）", r"(?<![0-9A-Za-z])[Cc][A-HJ-NP-Za-hj-np-z]\d{7}(?![0-9A-Za-z])", 0.4),
        Pattern("往来台湾通行证（8 位数字）", r"(?<![0-9A-Za-z])(?:[Tt]\d{8}|\d{8})(?![0-9A-Za-z])", 0.3, needs_context=True),
        Pattern("回乡证（H/M + 8 或 10 位数字）", r"(?<![0-9A-Za-z])[HhMm]\d{8}(?:\d{2})?(?![0-9A-Za-z])", 0.35),
    )  # fmt: skip
    context = ("通行证", "回乡证", "港澳", "台湾", "台胞证", "来往内地")
    context_boost = 0.5
    negative_context = ("型号", "编号", "文号", "批次")
