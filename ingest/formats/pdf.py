"""PDF: the text layer with a box per character (pages without one are read by OCR)."""

from __future__ import annotations

import math
from typing import ClassVar

from core.datamodel import Document, MediaType
from core.errors import CorruptDocument
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

    def render_page(self, data: bytes, page: int, scale: float, max_pixels: int):
        return render_pdf_page(data, page, scale, max_pixels)


def capped_scale(width: float, height: float, scale: float, max_pixels: int) -> float:
    """``scale``, or less when the page drawn at it would pass ``max_pixels``."""
    area = max(width * height, 1.0)
    return min(scale, math.sqrt(max_pixels / area))


def render_pdf_page(data: bytes, page: int, scale: float, max_pixels: int):
    """One page drawn by PDFium; its size is read first, so a giant page is drawn small."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        if not 1 <= page <= len(pdf):
            raise CorruptDocument(f"the PDF has no page {page}")
        drawn = pdf[page - 1]
        width, height = drawn.get_size()
        return drawn.render(scale=capped_scale(width, height, scale, max_pixels)).to_pil()
    finally:
        pdf.close()
