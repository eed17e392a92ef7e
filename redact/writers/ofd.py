"""OFD is published as PDF: the remaining text where it stood on each page, and the
labelled marks where text was removed. The OFD's pictures and graphics (seals, header
rules) are not carried over on pages of text: what is not redrawn cannot leak, and the
log says so. A scanned page (pictures only, read by OCR) is its pictures with the
redactions burned into the pixels and an invisible layer of the remaining text, as a
scanned image is published."""

from __future__ import annotations

from core.datamodel import MediaType
from ingest.textpdf import text_pdf
from redact.writers import Written
from redact.writers.scan import burn, draw_marks, entries_for, page_rects, removed_mask

NOTE = (
    "published as PDF (no permissively licensed OFD writer exists): the remaining text "
    "at its positions; the OFD's images and graphics (seals, rules) are not carried over"
)
SCANNED = "scanned page: its pictures with the redactions burned in, and the remaining text"
UNREAD = "scanned page not read by OCR (over the page limit): left blank, not published"


class OfdRedaction:
    def write(self, document, original, spans, style) -> Written:
        from ingest.formats.ofd import MM
        from ingest.formats.ofd_images import OfdPictures
        from ingest.limits import IngestLimits
        from ingest.ocr import OCR_DPI

        rects = page_rects(document, spans)
        read = {number for number, _ in document.ocr_confidence}
        pictures = OfdPictures(original) if document.ocr_pages else None

        def marks(canvas, page: int, height: float) -> None:
            draw_marks(canvas, height, rects.get(page, []), style)

        def scan(page: int):
            # A scanned page OCR did not read has no boxes to burn: it stays blank.
            if pictures is None or page not in read:
                return None
            width, height = document.page_sizes[page - 1]
            image = pictures.draw(page, width / MM, height / MM, OCR_DPI / 25.4, IngestLimits())
            return burn(image, rects.get(page, []), OCR_DPI / 72)

        try:
            data = text_pdf(document, removed_mask(document, spans), marks, scan)
        finally:
            if pictures is not None:
                pictures.close()
        notes = tuple((page, SCANNED if page in read else UNREAD) for page in document.ocr_pages)
        return Written(data, MediaType.PDF, entries_for(document, spans), (NOTE,), notes)

    def rewrite(self, document, original, spans, style) -> None:
        return None

    def extract(self, output: bytes):
        raise NotImplementedError("OFD is published as PDF")

    def reread_areas(self, document, spans, output) -> str:
        from redact.writers.scan import reread_areas

        return reread_areas(document, spans, output)


REDACTION = OfdRedaction()
