"""Plain text: the document's text with every redacted span replaced by its mark."""

from __future__ import annotations

from core.datamodel import Document, Redaction, RedactionEntry
from redact.marks import MarkStyle
from redact.writers import Written


def write_text(document: Document, redactions: list[Redaction], style: MarkStyle):
    pieces: list[str] = []
    entries: list[RedactionEntry] = []
    at = 0
    for number, r in enumerate(redactions, start=1):
        pieces += [document.text[at : r.start], style.text(r.category)]
        at = r.end
        line = document.text.count("\n", 0, r.start) + 1
        entries.append(RedactionEntry.of(number, r, location=f"line {line}"))
    pieces.append(document.text[at:])
    encoding = document.encoding if document.encoding in {"gbk", "gb18030"} else "utf-8"
    text = "".join(pieces)
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:  # a mark the office chose may not exist in GBK
        data = text.encode("gb18030")
    return data, entries, ()


def decode_output(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


class TextRedaction:
    def write(self, document, original, spans, style) -> Written:
        data, entries, scrubbed = write_text(document, spans, style)
        # Text and CSV alike: the marks in place, the same type out as in.
        return Written(data, document.media_type, tuple(entries), tuple(scrubbed))

    def rewrite(self, document, original, spans, style) -> None:
        return None

    def extract(self, output: bytes) -> tuple[dict[str, str], list[str]]:
        return {"text": decode_output(output)}, []


REDACTION = TextRedaction()
