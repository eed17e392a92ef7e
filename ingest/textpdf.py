"""Positioned text drawn into a PDF with reportlab: each character at its box, scaled to
the box's width. Used for what has no PDF of its own: an OFD's pages (visible text) and
the text layer of a scan (invisible text, render mode 3) over its picture."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable

from core.datamodel import CharBox, Document

FONT = "STSong-Light"


def font():
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return pdfmetrics


def draw_chars(
    canvas, page_height: float, chars: Iterable[tuple[str, CharBox]], *, visible: bool
) -> None:
    """Draw characters at their boxes, inside q … Q: render mode and scaling are
    graphics state, and must not carry into what is drawn afterwards."""
    pdfmetrics = font()
    canvas.saveState()
    for ch, box in chars:
        size = max(box.bottom - box.top, 1.0) * 0.9
        width = pdfmetrics.stringWidth(ch, FONT, size) or size
        text = canvas.beginText()
        text.setTextRenderMode(0 if visible else 3)
        text.setFont(FONT, size)
        text.setHorizScale(100.0 * max(box.x1 - box.x0, 0.1) / width)
        text.setTextOrigin(box.x0, page_height - box.bottom + 0.12 * size)
        text.textOut(ch)
        canvas.drawText(text)
    canvas.restoreState()


def page_chars(document: Document, page: int, removed: bytearray | None = None):
    """(character, box) of a page, without the removed offsets."""
    for offset, (ch, box) in enumerate(zip(document.text, document.boxes, strict=True)):
        if box is None or box.page != page or ch.isspace():
            continue
        if removed is not None and removed[offset]:
            continue
        yield ch, box


def text_pdf(
    document: Document,
    removed: bytearray | None = None,
    on_page: Callable[[object, int, float], None] | None = None,
    scan: Callable[[int], object | None] | None = None,
) -> bytes:
    """A PDF of the document's pages holding its text where it stands (``removed``: a
    mask of offsets left out); ``on_page(canvas, page, height)`` draws anything more.
    ``scan(page)``: the picture of a page read by OCR, drawn under its text, which is
    then invisible (as OCRmyPDF lays a scan out); None for a page of text."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas as pdf_canvas

    out = io.BytesIO()
    sheet = pdf_canvas.Canvas(out, pageCompression=1)
    sheet.setProducer("Gongkai")
    sheet.setCreator("Gongkai")
    for number, (width, height) in enumerate(document.page_sizes, start=1):
        sheet.setPageSize((width, height))
        picture = scan(number) if scan is not None else None
        if picture is not None:
            buffer = io.BytesIO()
            picture.save(buffer, format="JPEG", quality=85)
            sheet.drawImage(ImageReader(io.BytesIO(buffer.getvalue())), 0, 0, width, height)
        chars = page_chars(document, number, removed)
        draw_chars(sheet, height, chars, visible=picture is None)
        if on_page is not None:
            on_page(sheet, number, height)
        sheet.showPage()
    sheet.save()
    return out.getvalue()
