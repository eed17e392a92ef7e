"""The leak check: is every removed string gone from every layer of the output?

Text is pulled out of the redacted file by the extractors of its format's plug-in, two
independent tools where there are two (PDF: pdfplumber and poppler's pdftotext; DOCX:
the raw XML of every part and our own parser, which joins runs; text: the file).
Every removed string is searched with whitespace squeezed out and in half- and
full-width forms, and counted: a string may stay where the reviewer kept
it (the same name elsewhere, not selected), so a leak is more occurrences in the output
than the original has outside the removed spans. Metadata is part of what is searched.
The check also measures how much of the text that should remain did remain.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass, field

from core.datamodel import Category, Document, MediaType, Redaction
from redact.marks import MarkStyle
from redact.text import fold_width

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Leak:
    tool: str
    category: Category
    expected: int
    found: int


@dataclass
class LeakReport:
    tools: list[str]
    leaks: list[Leak] = field(default_factory=list)
    #: Share of the characters that should remain (by count) found in the output.
    survived: float = 1.0
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.leaks

    def summary(self) -> dict:
        return {
            "ok": self.ok,
            "tools": self.tools,
            "leaks": [
                {
                    "tool": x.tool,
                    "category": x.category.value,
                    "expected": x.expected,
                    "found": x.found,
                }
                for x in self.leaks
            ],
            "survived": round(self.survived, 4),
            "notes": self.notes,
        }


def squash(text: str) -> str:
    return fold_width(_SPACE.sub("", text))


def verify(
    document: Document,
    redactions: list[Redaction],
    output: bytes,
    style: MarkStyle | None = None,
    *,
    output_type: MediaType | None = None,
) -> LeakReport:
    """``output_type`` is the written file's type when it differs from the document's
    (a .doc published as DOCX, an OFD or a scan as PDF)."""
    style = style or MarkStyle()
    if output_type is None:
        from ingest.formats import default_registry

        output_type = default_registry().by_media_type(document.media_type).output_media_type
    texts, notes = extract_all(output_type, output)
    texts.update(_reread(document, redactions, output))
    marks = sorted({style.text(c) for c in Category} | {style.short}, key=len, reverse=True)
    kept = _kept_text(document, redactions)
    report = LeakReport(tools=sorted(texts), notes=notes)
    targets: dict[str, Category] = {}
    for r in redactions:
        removed = squash(document.text[r.start : r.end])
        if removed:
            targets.setdefault(removed, r.category)
    outputs = {tool: _without(squash(text), marks) for tool, text in texts.items()}
    expected = count_all(kept, targets)
    for tool, text in outputs.items():
        found = count_all(text, targets)
        for removed, category in targets.items():
            if found[removed] > expected[removed]:
                report.leaks.append(Leak(tool, category, expected[removed], found[removed]))
    want = Counter(kept.replace("\x00", ""))
    total = sum(want.values())
    if total:
        best = max(outputs.values(), key=len, default="")
        have = Counter(best)
        report.survived = sum(min(n, have[ch]) for ch, n in want.items()) / total
    return report


def _reread(document: Document, redactions: list[Redaction], output: bytes) -> dict[str, str]:
    """Formats whose text came from pictures (scans) read the redacted areas of the
    output again by OCR: a leak in the pixels shows there."""
    from ingest.formats import default_registry

    redactor = default_registry().by_media_type(document.media_type).redactor()
    reread = getattr(redactor, "reread_areas", None)
    if reread is None or not document.ocr_pages or not redactions:
        return {}
    return {"ocr-redacted-areas": reread(document, redactions, output)}


def count_all(text: str, targets) -> Counter:
    """How often each target occurs in ``text`` (overlapping occurrences counted), in one
    pass: a workbook's redaction has tens of thousands of targets, and counting each
    with ``str.count`` would read the text once per target."""
    lengths: dict[str, set[int]] = {}
    for target in targets:
        lengths.setdefault(target[0], set()).add(len(target))
    wanted = set(targets)
    counts: Counter = Counter()
    for i, ch in enumerate(text):
        for length in lengths.get(ch, ()):
            piece = text[i : i + length]
            if piece in wanted:
                counts[piece] += 1
    return counts


def _kept_text(document: Document, redactions: list[Redaction]) -> str:
    """The original with removed spans cut out (a NUL stands in, so nothing matches across)."""
    pieces, at = [], 0
    for r in sorted(redactions, key=lambda r: r.start):
        pieces += [document.text[at : r.start], "\x00"]
        at = max(at, r.end)
    pieces.append(document.text[at:])
    return squash("".join(pieces))


def _without(text: str, marks: list[str]) -> str:
    for mark in marks:
        text = text.replace(squash(mark), "\x00")
    return text


def extract_all(media_type: MediaType, data: bytes) -> tuple[dict[str, str], list[str]]:
    """Text of a written file per tool (metadata included), and notes on tools not
    available: the extractors of the output format's plug-in."""
    from ingest.formats import default_registry

    return default_registry().by_media_type(media_type).redactor().extract(data)


def pdf_texts(data: bytes) -> tuple[dict[str, str], list[str]]:
    """A PDF read by pdfplumber and by poppler's pdftotext, two independent parsers."""
    notes: list[str] = []
    texts = {"pdfplumber": _pdfplumber_text(data)}
    poppler = _pdftotext(data)
    if poppler is None:
        notes.append("pdftotext (poppler-utils) is not installed: checked with one tool only")
    else:
        texts["pdftotext"] = poppler
    return texts, notes


def _pdfplumber_text(data: bytes) -> str:
    import pdfplumber

    parts = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        parts.extend(str(v) for v in (pdf.metadata or {}).values())
        for page in pdf.pages:
            parts.append("".join(c["text"] for c in page.chars))
            for annot in page.annots or []:
                parts.append(str(annot.get("contents") or ""))
        catalog = pdf.doc.catalog
        if "Metadata" in catalog:
            from pdfminer.pdftypes import resolve1

            parts.append(resolve1(catalog["Metadata"]).get_data().decode("utf-8", errors="replace"))
    return "\n".join(parts)


def _pdftotext(data: bytes) -> str | None:
    binary = shutil.which("pdftotext")
    if binary is None:
        return None
    result = subprocess.run(
        [binary, "-enc", "UTF-8", "-", "-"],
        input=data,
        capture_output=True,
        timeout=300,
        check=False,
    )
    pdfinfo = shutil.which("pdfinfo")
    info = (
        subprocess.run(
            [pdfinfo, "-meta", "-"], input=data, capture_output=True, timeout=60, check=False
        )
        if pdfinfo
        else None
    )
    text = result.stdout.decode("utf-8", errors="replace")
    if info is not None:
        text += "\n" + info.stdout.decode("utf-8", errors="replace")
    return text
