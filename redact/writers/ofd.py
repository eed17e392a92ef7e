"""OFD is published as PDF: the remaining text where it stood on each page, and the
labelled marks where text was removed. The OFD's pictures and graphics (seals, header
rules) are not carried over: what is not redrawn cannot leak, and the log says so."""

from __future__ import annotations

from core.datamodel import MediaType
from ingest.textpdf import text_pdf
from redact.writers import Written
from redact.writers.scan import draw_marks, entries_for, page_rects, removed_mask

NOTE = (
    "published as PDF (no permissively licensed OFD writer exists): the remaining text "
    "at its positions; the OFD's images and graphics (seals, rules) are not carried over"
)


class OfdRedaction:
    def write(self, document, original, spans, style) -> Written:
        rects = page_rects(document, spans)

        def marks(canvas, page: int, height: float) -> None:
            draw_marks(canvas, height, rects.get(page, []), style)

        data = text_pdf(document, removed_mask(document, spans), marks)
        return Written(data, MediaType.PDF, entries_for(document, spans), (NOTE,))

    def rewrite(self, document, original, spans, style) -> None:
        return None

    def extract(self, output: bytes):
        raise NotImplementedError("OFD is published as PDF")


REDACTION = OfdRedaction()
