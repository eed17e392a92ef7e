"""Plain text in the encodings offices use (UTF-8, UTF-16 with BOM, GBK/GB18030)."""

from __future__ import annotations

from typing import ClassVar

from core.datamodel import Document, MediaType
from ingest.formats import Format, Probe
from ingest.limits import IngestLimits
from ingest.source import Source

_NOT_TEXT = (b"#!", b"{\\rtf")


class TextFormat(Format):
    name = "text"
    family = "text"
    label = "纯文本文件"
    english = "plain text"
    media_type = MediaType.TEXT
    extensions: ClassVar[tuple[str, ...]] = (".txt", ".text")
    version = "1"
    output_media_type = MediaType.TEXT
    output_extension = ".txt"
    redaction = "redact.writers.text:REDACTION"

    def score(self, probe: Probe) -> float:
        """Anything that is not binary could be text: the lowest bid, taken last. Scripts
        and RTF are text too, but not documents to publish as text."""
        utf16 = probe.head.startswith((b"\xff\xfe", b"\xfe\xff"))
        if (b"\x00" in probe.head and not utf16) or probe.head.startswith(_NOT_TEXT):
            return 0.0
        return 0.1

    def parse(self, source: Source, limits: IngestLimits) -> Document:
        from ingest.text import TextParser

        return TextParser().parse(source)
