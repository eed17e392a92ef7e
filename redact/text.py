"""Text views the recognisers share: width folding and Simplified characters, both of
which keep offsets unchanged."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

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


#: A text with at least this share of Traditional-only characters is read in Simplified
#: (a copy of a decision in 繁體: 行政處罰決定書, 當事人, 蔣平娥). Simplified documents
#: have almost none (at most 0.5 % in the real dev set, the Traditional ones a third).
TRADITIONAL_SHARE = 0.1
_HAN = re.compile(r"[\u4e00-\u9fff]")


@lru_cache(maxsize=1)
def _traditional() -> dict[int, str]:
    """OpenCC's character table (TSCharacters): one Traditional character to its first
    Simplified one, so offsets stay; phrases are not converted."""
    import opencc

    table: dict[int, str] = {}
    path = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        source, _, targets = line.partition("\t")
        target = targets.split(" ")[0]
        if len(source) == 1 and len(target) == 1 and source != target:
            table[ord(source)] = target
    return table


@lru_cache(maxsize=1)
def _dropping_traditional() -> dict[int, None]:
    return dict.fromkeys(_traditional())


def simplified(text: str) -> str:
    """``text`` in Simplified characters, offset for offset, if it is written in
    Traditional ones; else ``text`` itself."""
    han = len(_HAN.findall(text))
    # Counted by what translate() drops: every document passes here, so no Python loop.
    traditional = len(text) - len(text.translate(_dropping_traditional()))
    if not han or traditional < TRADITIONAL_SHARE * han:
        return text
    return text.translate(_traditional())
