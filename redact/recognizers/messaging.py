"""QQ and WeChat IDs: only where their keyword says so, since the shapes are common."""

from __future__ import annotations

from core.datamodel import Category
from redact.recognizers.base import Pattern, PatternRecognizer


class QQRecognizer(PatternRecognizer):
    name = "QQRecognizer"
    category = Category.QQ
    patterns = (Pattern("QQ 号", r"(?<![0-9A-Za-z])[1-9]\d{4,11}(?![0-9A-Za-z])", 0.7),)
    context = ("qq", "扣扣", "q号")
    requires_context = True
    context_before = 8
    context_after = 0


class WeChatRecognizer(PatternRecognizer):
    name = "WeChatRecognizer"
    category = Category.WECHAT
    patterns = (
        Pattern("微信号", r"(?<![-_0-9A-Za-z])[A-Za-z][-_A-Za-z0-9]{5,19}(?![-_0-9A-Za-z])", 0.7),
        # A display name in quotes (微信名“啊憋”): it finds the person as well as an ID does.
        Pattern(
            "微信名",
            r"微信(?:名|昵称|网名)[:：]?\s*[“\"‘'](?P<value>[^”\"’'\n]{1,20})[”\"’']",
            0.75,
        ),
    )
    context = ("微信", "wechat", "weixin", "vx", "wx")
    requires_context = True
    context_before = 8
    context_after = 0
