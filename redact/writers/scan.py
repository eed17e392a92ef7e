"""Scans (images, and PDF pages read by OCR): the page image with the redactions burned
into its pixels, labelled boxes drawn over them, and an invisible text layer holding
only the remaining text, each character where OCR found it (as OCRmyPDF does), so the
published file is searchable and copyable without the removed words.

The leak check reads the text layer with the PDF tools, and OCRs every redacted area of
the written pages again (``reread_areas``): a box that missed a character shows.
"""

from __future__ import annotations

import io

from core.datamodel import CharBox, Document, MediaType, Redaction, RedactionEntry
from ingest.textpdf import FONT, draw_chars, font, page_chars, text_pdf
from redact.marks import MarkStyle
from redact.writers import Written

#: Burned boxes reach this far (points) past the characters' boxes: OCR boxes are tight.
MARGIN = 1.5


def page_rects(document: Document, spans: list[Redaction]) -> dict[int, list[tuple]]:
    """Per page, the rectangles (points, top-left origin) to burn, with their category."""
    out: dict[int, list[tuple]] = {}
    for r in spans:
        for rect in document.boxes_for(r.span):
            grown = (rect.x0 - MARGIN, rect.top - MARGIN, rect.x1 + MARGIN, rect.bottom + MARGIN)
            out.setdefault(rect.page, []).append((*grown, r.category))
    return out


def kept_chars(document: Document, spans: list[Redaction], page: int):
    """(character, box) of the page's text that stays."""
    return page_chars(document, page, removed_mask(document, spans))


def removed_mask(document: Document, spans: list[Redaction]) -> bytearray:
    removed = bytearray(len(document.text))
    for r in spans:
        removed[r.start : r.end] = b"\x01" * (r.end - r.start)
    return removed


def burn(image, rects, px_per_pt: float):
    from PIL import ImageDraw

    image = image.convert("RGB")
    draw = ImageDraw.Draw(image)
    for x0, top, x1, bottom, _category in rects:
        draw.rectangle(
            [x0 * px_per_pt, top * px_per_pt, x1 * px_per_pt, bottom * px_per_pt], fill=(0, 0, 0)
        )
    return image


def draw_text_layer(canvas, page_height: float, chars) -> None:
    """Invisible text (render mode 3), each character scaled to its OCR box."""
    draw_chars(canvas, page_height, chars, visible=False)


def draw_marks(canvas, page_height: float, rects, style: MarkStyle) -> None:
    pdfmetrics = font()
    for x0, top, x1, bottom, category in rects:
        canvas.setFillColorRGB(0, 0, 0)
        canvas.rect(x0, page_height - bottom, x1 - x0, bottom - top, stroke=0, fill=1)
        height, width = bottom - top, x1 - x0
        for label in (style.text(category), style.short):
            label = label.replace("·", "・")  # the CID font has no U+00B7
            size = min(height * 0.8, 12.0)
            needed = pdfmetrics.stringWidth(label, FONT, size)
            if needed > width - 1:
                size *= (width - 1) / needed
            if size >= 4:
                canvas.setFillColorRGB(1, 1, 1)
                text = canvas.beginText()
                text.setFont(FONT, size)
                text.setTextOrigin(
                    x0 + 0.5, page_height - bottom + (height - size) / 2 + 0.15 * size
                )
                text.textOut(label)
                canvas.drawText(text)
                break


def write_image_pdf(document: Document, original: bytes, spans, style: MarkStyle) -> bytes:
    from ingest.formats.images import frame, open_image
    from ingest.limits import IngestLimits

    rects = page_rects(document, spans)
    image, _frames = open_image(original, IngestLimits())

    def scan(page: int):
        picture, px_per_pt = frame(image, page - 1, IngestLimits())
        return burn(picture, rects.get(page, []), px_per_pt)

    def marks(canvas, page: int, height: float) -> None:
        draw_marks(canvas, height, rects.get(page, []), style)

    return text_pdf(document, removed_mask(document, spans), marks, scan)


def text_layer_overlay(document: Document, spans, page: int, style: MarkStyle) -> bytes:
    """A one-page PDF: the invisible remaining text of an OCR page and its marks."""
    from reportlab.pdfgen import canvas as pdf_canvas

    width, height = document.page_sizes[page - 1]
    out = io.BytesIO()
    sheet = pdf_canvas.Canvas(out, pagesize=(width, height))
    draw_text_layer(sheet, height, kept_chars(document, spans, page))
    sheet.showPage()
    sheet.save()
    return out.getvalue()


def reread_areas(document: Document, spans: list[Redaction], output: bytes) -> str:
    """OCR of every redacted area of the written PDF (pages read by OCR only): what a
    reader of the picture would still see there."""
    import pypdfium2 as pdfium

    from ingest.ocr import OCR_DPI, recognise

    scanned = set(document.ocr_pages)
    rects = {p: r for p, r in page_rects(document, spans).items() if p in scanned}
    if not rects:
        return ""
    scale = OCR_DPI / 72
    texts: list[str] = []
    pdf = pdfium.PdfDocument(output)
    try:
        for number, page_rects_ in sorted(rects.items()):
            image = pdf[number - 1].render(scale=scale).to_pil()
            for x0, top, x1, bottom, _ in page_rects_:
                pad = max(bottom - top, 6.0)  # the line around it, for the detector
                crop = image.crop(
                    (
                        max(0, int((x0 - pad) * scale)),
                        max(0, int((top - pad / 2) * scale)),
                        min(image.width, int((x1 + pad) * scale)),
                        min(image.height, int((bottom + pad / 2) * scale)),
                    )
                )
                page = recognise(crop, number, scale)
                texts += ["".join(line.chars) for line in page.lines]
    finally:
        pdf.close()
    return "\n".join(texts)


def entries_for(document: Document, spans: list[Redaction]) -> tuple[RedactionEntry, ...]:
    out = []
    for number, r in enumerate(spans, start=1):
        boxes: list[CharBox] = document.boxes_for(r.span)
        out.append(RedactionEntry.of(number, r, page=boxes[0].page if boxes else None))
    return tuple(out)


class ScanRedaction:
    def write(self, document, original, spans, style) -> Written:
        data = write_image_pdf(document, original, spans, style)
        pages = sorted(page_rects(document, spans))
        note = (
            "published as PDF: page images with the redactions burned in and a text layer "
            f"of the remaining text (from {document.media_type})"
        )
        return Written(
            data,
            MediaType.PDF,
            entries_for(document, spans),
            (note,),
            tuple((p, "scanned page: redactions burned into the image") for p in pages),
        )

    def rewrite(self, document, original, spans, style) -> None:
        return None

    def extract(self, output: bytes):
        raise NotImplementedError("scans are published as PDF")

    def reread_areas(self, document, spans, output) -> str:
        return reread_areas(document, spans, output)


REDACTION = ScanRedaction()
