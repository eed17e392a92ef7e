"""Decode plain text: UTF-8 (with or without BOM), UTF-16 with BOM, GBK/GB18030.

GB18030 maps almost any byte string to *something*, so a successful decode is not
proof; the result must also look like text (mostly CJK, ASCII and punctuation).
"""

from __future__ import annotations

import codecs
import unicodedata

from core.errors import UnknownEncoding

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_text(data: bytes) -> tuple[str, str]:
    """Return ``(text, encoding)``; raises ``UnknownEncoding`` when nothing fits."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise UnknownEncoding(
                    f"the file starts with a {encoding} mark but is not {encoding}"
                ) from exc
    for encoding in ("utf-8", "gbk", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "utf-8" or looks_like_text(text):
            return text, encoding
    raise UnknownEncoding(
        "the text is neither UTF-8 nor GBK/GB18030; save it as UTF-8 and upload it again"
    )


def looks_like_text(text: str, threshold: float = 0.95) -> bool:
    if not text:
        return True
    sample = text[:20000]
    good = sum(1 for ch in sample if _is_plausible(ch))
    return good / len(sample) >= threshold


def _is_plausible(ch: str) -> bool:
    if ch in "\r\n\t":
        return True
    category = unicodedata.category(ch)
    if category.startswith(("C", "Co")):
        return False
    # Text in these offices is Chinese: Han, CJK punctuation, full-width forms, ASCII.
    code = ord(ch)
    return (
        code < 0x80
        or 0x3000 <= code <= 0x303F
        or 0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        # Rare characters in people's and places' names: extensions B onward, radicals.
        or 0x20000 <= code <= 0x3134F
        or 0x2E80 <= code <= 0x2FDF
        or 0xF900 <= code <= 0xFAFF
        or 0x3100 <= code <= 0x31FF
        or 0xFF00 <= code <= 0xFFEF
        or 0x2000 <= code <= 0x27BF
        or 0x00A0 <= code <= 0x00FF
        or 0x0391 <= code <= 0x03C9
        or 0x2460 <= code <= 0x24FF
    )
