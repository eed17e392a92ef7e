"""IPv4 and IPv6 addresses, checked with the standard library."""

from __future__ import annotations

import ipaddress

from core.datamodel import Category
from redact.recognizers.base import Pattern, PatternRecognizer, Verdict


class IpAddressRecognizer(PatternRecognizer):
    name = "IpAddressRecognizer"
    category = Category.IP_ADDRESS
    patterns = (
        Pattern("IPv4 地址", r"(?<![0-9.])(?:\d{1,3}\.){3}\d{1,3}(?![0-9.])", 0.6),
        Pattern("IPv6 地址", r"(?<![0-9A-Fa-f:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![0-9A-Fa-f:])", 0.6),
    )  # fmt: skip
    context = ("ip", "地址", "登录", "访问")
    negative_context = ("版本", "第", "条", "款")
    negative_penalty = 0.5

    def validate(self, matched: str) -> Verdict:
        try:
            address = ipaddress.ip_address(matched)
        except ValueError:
            return Verdict.reject("不是 IP 地址")
        if address.version == 6 and matched.count(":") < 2:
            return Verdict.reject("不是 IPv6 地址")
        if address.is_private or address.is_loopback:
            return Verdict(0.4, f"IPv{address.version} 地址（内部网络）")
        return Verdict(0.65, f"IPv{address.version} 地址")
