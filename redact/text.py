"""Text views the recognisers share: width folding that keeps offsets unchanged."""

from __future__ import annotations

# Full-width ASCII (！ to ～) and the ideographic space fold to ASCII one for one, so an
# offset in the folded text is the same offset in the document.
_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FOLD[0x3000] = 0x20
_FOLD[0x30FB] = 0xB7  # katakana middle dot, as PDF marks draw "·"
# Dashes people type between digit groups.
_FOLD.update({ord(ch): ord("-") for ch in "‐‑‒–—－﹣"})


def fold_width(text: str) -> str:
    """``１３８－００１３`` → ``138-0013``; the result has the same length."""
    return text.translate(_FOLD)


def digits_only(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit() or ch in "Xx")


def squeeze_with_map(text: str, start: int = 0, end: int | None = None) -> tuple[str, list[int]]:
    """``text[start:end]`` without spaces of any width, and each kept character's offset
    in ``text``: layouts pad labels and names (审 判 长  吴 晓 慧, 成    员：), prose
    does not, so cues and names are read on the squeezed line."""
    end = len(text) if end is None else end
    kept, origin = [], []
    for at in range(start, end):
        ch = text[at]
        if ch.isspace() or ch in "\u200b\ufeff":
            continue
        kept.append(ch)
        origin.append(at)
    return "".join(kept), origin
