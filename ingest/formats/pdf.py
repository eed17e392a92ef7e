"""PDF: the text layer with a box per character (pages without one are read by OCR)."""

from __future__ import annotations

from typing import ClassVar

from core.datamodel import Document, MediaType
from ingest.formats import Format, Probe
from ingest.limits import IngestLimits
from ingest.source import Source


class PdfFormat(Format):
    name = "pdf"
    label = "PDF 文件"
    english = "PDF"
    media_type = MediaType.PDF
    extensions: ClassVar[tuple[str, ...]] = (".pdf",)
    version = "1"
    output_media_type = MediaType.PDF
    output_extension = ".pdf"
    redaction = "redact.writers.pdf:REDACTION"

    def score(self, probe: Probe) -> float:
        # Readers accept the header anywhere in the first kilobyte, so do we.
        return 1.0 if b"%PDF-" in probe.data[:1024] else 0.0

    def parse(self, source: Source, limits: IngestLimits) -> Document:
        from ingest.pdf import PdfParser

        return PdfParser(limits).parse(source)
