"""密级和保密期限: find the marking however it was typed, and never miss one.

A 密级 marking decides whether a document may ever be published, so this reader errs
towards blocking. Offices type the marking with whatever their editor gives them:
spaces inside the level (秘 密), ideographic or zero-width spaces, ★ look-alikes
(*, ☆, ＊, ※), brackets (【秘密】), traditional characters (機密), and put it on the
份号 or 发文字号 line or in a page header. The text is folded first (NFKC, every kind
of space to one, format characters dropped, look-alikes to ★), with a map back to the
original offsets, and then read three ways:

* a level followed by a star (秘密★, 机密*5年) is a marking wherever it stands — no
  prose writes 国家秘密★;
* a level standing alone as a token (机密, 【秘密】, 密级：秘密) is a marking in the
  版头 and in headers, where GB/T 9704 puts it; inside a word (国家秘密, 商业秘密,
  秘密载体) it is not;
* anything that looks like a marking but cannot be read — a 密级 label with an unknown
  value, a star and a period with no level, 工作秘密 — is *unclear*: it blocks too,
  and says why, so that only an explicit decision can let the document out.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

#: Levels of 《保守国家秘密法》第十三条, most severe first.
LEVELS = ("绝密", "机密", "秘密")
#: Traditional and variant characters seen in typed markings.
_VARIANTS = str.maketrans({"機": "机", "絕": "绝", "祕": "秘", "宻": "密"})
#: Characters people and OCR use for the ★ of GB/T 9704.
_STARS = "★☆✩✪✫✬✭✮✯✰✡⭐⋆✱✲✳✴✵✶✷✸✹✺✻✼✽✾✿❀❁❂❃❄❅❆❇❈❉❊❋*＊※⁎⁑∗٭⚝"
#: Values of a 密级 field that say the document is not classified.
NOT_CLASSIFIED = ("非密", "无", "公开", "普通", "一般", "非涉密", "不涉密")

_HAN = r"\u3400-\u9fff\uf900-\ufaff"
_OPEN = r"\[【〔(（<《「『〖"
_CLOSE = r"\]】〕)）>》」』〗"
_LEVEL = r"(?P<level>绝\s*密|机\s*密|秘\s*密)"
_PERIOD = (
    r"(?P<period>\d{1,3}\s*(?:年|个\s*月|月)|[一二三四五六七八九十]{1,3}\s*(?:年|个\s*月)|长\s*期|永\s*久)"
)
_LABEL = r"(?:密\s*级(?:\s*和\s*保密期限)?\s*[:：]?\s*)"
#: 秘密★1年, 机密*, 绝密 ★ 长期 — unambiguous wherever it stands.
_STARRED = re.compile(
    rf"{_LABEL}?[{_OPEN}]?\s*{_LEVEL}\s*[{_CLOSE}]?\s*★+\s*[{_OPEN}]?\s*{_PERIOD}?\s*[{_CLOSE}]?"
)
#: 机密, 【秘密】, 密级：秘密, 秘密 1年 — a level as a token of its own.
_STANDALONE = re.compile(
    rf"(?<![{_HAN}]){_LABEL}?[{_OPEN}]?\s*{_LEVEL}\s*[{_CLOSE}]?"
    rf"(?:\s*[{_OPEN}]?\s*{_PERIOD}\s*[{_CLOSE}]?)?(?![{_HAN}])"
)
#: A 密级 field whatever its value; the value is judged apart.
_FIELD = re.compile(rf"(?<![{_HAN}])密\s*级\s*[:：]\s*(?P<value>[^\s，,。；;]{{0,12}})")
#: A star and a period with no level before it (秘★1年 with the level garbled).
_LOOSE_STAR = re.compile(rf"★\s*{_PERIOD}")
#: 工作秘密 is not a 国家秘密 level, but a document so marked is not to go out as it stands.
_OTHER_MARKINGS = re.compile(
    rf"(?<![{_HAN}])[{_OPEN}]?\s*工\s*作\s*秘\s*密\s*[{_CLOSE}]?(?![{_HAN}])"
)


@dataclass(frozen=True)
class SecrecyMarking:
    """One marking, with its span in the original text."""

    start: int
    end: int
    level: str | None
    period: str | None
    #: As written, folded (密级：内部, 工作秘密): what an unclear marking shows.
    written: str = ""
    #: Why a marking that could not be read is still treated as one; None when clear.
    unclear: str | None = None

    @property
    def value(self) -> str:
        if self.level is None:
            return self.written
        return f"{self.level}★{self.period}" if self.period else self.level


@dataclass(frozen=True)
class Folded:
    """A folded copy of a piece of text and, per folded character, its original offset."""

    text: str
    origin: tuple[int, ...]
    end: int  # offset just past the original piece

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of folded [start, end)."""
        first = self.origin[start] if start < len(self.origin) else self.end
        last = self.origin[end - 1] + 1 if end > 0 else first
        return first, last


def fold(text: str, offset: int = 0) -> Folded:
    """NFKC, one space for any run of spaces, no format characters, ★ for look-alikes."""
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        if unicodedata.category(char) == "Cf":
            continue  # zero-width spaces and joiners, bidi controls, soft hyphens, BOM
        if char in _STARS:
            pieces = "★"
        else:
            pieces = unicodedata.normalize("NFKC", char).translate(_VARIANTS)
            if char in _STARS or any(p in _STARS for p in pieces):
                pieces = "★"
        for piece in pieces:
            if piece.isspace():
                if out and out[-1] == " ":
                    continue
                piece = " "
            out.append(piece)
            origin.append(offset + index)
    return Folded("".join(out), tuple(origin), offset + len(text))


def _clean(group: str | None) -> str | None:
    return re.sub(r"\s+", "", group) if group else None


def read_line(text: str, offset: int = 0, *, in_head: bool) -> list[SecrecyMarking]:
    """The markings in one line (block) of text at ``offset`` in the document.

    ``in_head``: the line is in the 版头 or a page header, where a bare level is a marking.
    """
    folded = fold(text, offset)
    line = folded.text
    found: list[SecrecyMarking] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, level, period, unclear=None) -> None:
        while start < end and line[start] == " ":
            start += 1
        while end > start and line[end - 1] == " ":
            end -= 1
        if any(start < e and s < end for s, e in taken):
            return
        taken.append((start, end))
        s, e = folded.span(start, end)
        written = _clean(line[start:end]) or ""
        found.append(SecrecyMarking(s, e, _clean(level), _clean(period), written, unclear))

    for match in _STARRED.finditer(line):
        add(*match.span(), match.group("level"), match.group("period"))
    if in_head:
        for match in _STANDALONE.finditer(line):
            add(*match.span(), match.group("level"), match.group("period"))
        for match in _FIELD.finditer(line):
            value = match.group("value")
            if not any(value.startswith(v) for v in NOT_CLASSIFIED):
                shown = value or "（空）"
                add(
                    *match.span(),
                    None,
                    None,
                    f"“密级”一栏写的是“{shown}”，无法确认是否涉密",
                )
        for match in _OTHER_MARKINGS.finditer(line):
            word = re.sub(r"\s+", "", match.group())
            add(*match.span(), None, None, f"版头标有“{word}”，须确认后方可公开")
        for match in _LOOSE_STAR.finditer(line):
            add(
                *match.span(),
                None,
                _clean(match.group("period")),
                "有保密期限（★…）但看不清密级",
            )
    else:
        # Outside the 版头 a marking may be an attachment's, or a text about markings:
        # either way it must not go out unseen.
        found = [
            m
            if m.unclear
            else SecrecyMarking(
                m.start,
                m.end,
                m.level,
                m.period,
                m.written,
                f"版头以外出现密级标志“{m.value}”（附件或修订记录中的密级？），须确认",
            )
            for m in found
        ]
    return sorted(found, key=lambda m: m.start)


def most_severe(markings: Iterable[SecrecyMarking]) -> SecrecyMarking | None:
    """The marking that speaks for the document: a clear one over an unclear one, then
    the highest level, then the first given."""
    ranked = sorted(
        markings,
        key=lambda m: (
            m.unclear is not None,
            LEVELS.index(m.level) if m.level in LEVELS else len(LEVELS),
        ),
    )
    return ranked[0] if ranked else None
