"""Where a document says what it is about: its title, or all of a short text.

A 公文's title names its issuer, its matter and its 文种 (GB/T 9704: 标题由发文机关名称、
事由和文种组成), so the rules read the title of a document, and the 文种 at its end. A
short text — a title alone, a catalogue row, an applicant's description of what they
ask for — is all subject: the rules read all of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.datamodel import Document, Element, ElementName
from ingest import IngestLimits, extract_bytes

#: Longer than this and a text without a document's structure is still read as a
#: document (its first line only), not as a description.
SHORT_CHARS = 600
#: Elements only a whole document has: one of them and the text is a document.
_STRUCTURE = frozenset(
    {
        ElementName.ADDRESSEE,
        ElementName.DATE,
        ElementName.DOC_NUMBER,
        ElementName.ISSUER_SIGNATURE,
        ElementName.SIGNER,
        ElementName.CC,
        ElementName.PRINTED_BY,
    }
)
#: 文种 (党政机关公文处理工作条例第八条, and the names of rules and plans a title ends with).
DOC_TYPES = re.compile(
    r"(?:决议|决定|命令|令|公报|公告|通告|意见|通知|通报|报告|请示|批复|议案|函|纪要|办法|规定|"
    r"规则|细则|条例|方案|规划|计划|要点|答复|清单|目录|指南|制度|预案)"
)
#: How many lines from the top a title or 主送机关 may start on, when ingest found none.
HEAD_LINES = 8
#: What may follow the 文种 at the end of a title: closing brackets and quotes, and a
#: bracketed remark such as （试行） or （2019年修订）.
_TITLE_TAIL = re.compile(r"(?:[”\"》」』）)\]]|[（(][^（()）]{1,12}[）)])*$")


@dataclass(frozen=True)
class Reading:
    document: Document
    short: bool
    subject: str  # what the rules read for the matter
    #: For each character of ``subject``, its offset in ``document.text`` (a title that
    #: wraps over lines loses its line breaks in ``subject``); empty without a subject.
    offsets: tuple[int, ...]
    addressee: Element | None

    def span(self, match: re.Match[str]) -> tuple[int | None, int | None]:
        if not self.offsets or match.end() <= match.start():
            return None, None
        return self.offsets[match.start()], self.offsets[match.end() - 1] + 1

    def at_end(self, match: re.Match[str]) -> bool:
        """Whether ``match`` (in the subject) is the 文种 at the end of a title."""
        return _TITLE_TAIL.fullmatch(self.subject, match.end()) is not None

    @property
    def titled(self) -> bool:
        """Whether the subject reads as a title (it ends with a 文种): then only its end
        says what kind of document it is — 转发…请示的通知 is a 通知. A catalogue row or a
        request lists kinds anywhere (…的请示、专报、批复等)."""
        if not self.short:
            return True
        return any(self.at_end(m) for m in DOC_TYPES.finditer(self.subject))


def describe(text: str) -> Document:
    """A short text (a title, a catalogue item, a request) as a document to suggest for."""
    return extract_bytes(text.encode("utf-8"), filename="description.txt", limits=IngestLimits())


def read(document: Document, short: bool | None = None) -> Reading:
    if short is None:
        short = len(document.text.strip()) <= SHORT_CHARS and not any(
            e.name in _STRUCTURE for e in document.elements
        )
    addressee = document.element(ElementName.ADDRESSEE)
    if short:
        stripped = document.text.strip()
        start = document.text.find(stripped)
        offsets = tuple(range(start, start + len(stripped)))
        return Reading(document, True, stripped, offsets, addressee)
    lines = _head_lines(document.text)
    offsets = _title_above_number(document, lines) or _title_element(document)
    subject = "".join(document.text[i] for i in offsets)
    if addressee is None:
        addressee = _addressee_line(document.text, lines, offsets[-1] if offsets else -1)
    return Reading(document, False, subject, offsets, addressee)


def _head_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of the first non-empty lines, stripped."""
    out, at = [], 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            start = at + line.index(stripped)
            out.append((start, start + len(stripped)))
            if len(out) >= HEAD_LINES:
                break
        at += len(line) + 1
    return out


def _title_element(document: Document) -> tuple[int, ...]:
    title = document.element(ElementName.TITLE)
    if title is None:
        return ()
    offsets = tuple(i for i in range(title.start, title.end) if not document.text[i].isspace())
    return offsets if "".join(document.text[i] for i in offsets) == title.value else ()


def _title_above_number(document: Document, lines) -> tuple[int, ...]:
    """A web page puts the title above the 发文字号 (GB/T 9704 puts it below, where
    ingest looks): the lines between the 发文机关标志 and the number, if they end with a
    文种."""
    number = document.element(ElementName.DOC_NUMBER)
    mark = document.element(ElementName.ISSUER_MARK)
    if number is None:
        return ()
    above = [
        (s, e) for s, e in lines if e <= number.start and not (mark and mark.start <= s < mark.end)
    ]
    if not above or sum(e - s for s, e in above) > 120:
        return ()
    offsets = tuple(i for s, e in above for i in range(s, e) if not document.text[i].isspace())
    subject = "".join(document.text[i] for i in offsets)
    ends = [m for m in DOC_TYPES.finditer(subject) if _TITLE_TAIL.fullmatch(subject, m.end())]
    return offsets if ends else ()


def _addressee_line(text: str, lines, after: int) -> Element | None:
    """主送机关 where ingest found none: a head line after the title that ends with a
    colon and holds no sentence."""
    for start, end in lines:
        if start <= after:
            continue
        line = text[start:end]
        if line.endswith(("：", ":")) and len(line) <= 150 and "。" not in line:
            return Element(ElementName.ADDRESSEE, start, end - 1, line[:-1].strip())
    return None
