"""Page views of a PDF for the reviewer: each page as an image, and the boxes where the
findings fall on it, so a reviewer sees what is removed where it is drawn."""

from __future__ import annotations

import io
from dataclasses import dataclass

from sqlalchemy.orm import Session

from core.datamodel import MediaType, Span
from core.errors import InvalidInput, NotReady
from ingest import IngestLimits, extract_bytes
from workflow.intake import get_document
from workflow.runtime import Runtime
from workflow.users import Actor

#: Pixels per PDF point of a page image: 1.5 gives about 108 dpi, legible at 1366×768.
SCALE = 1.5


@dataclass(frozen=True)
class Box:
    finding_id: int
    category: str
    decision: str | None
    #: fractions of the page's width and height, so the page can be drawn at any size
    left: float
    top: float
    width: float
    height: float


@dataclass(frozen=True)
class PageView:
    page: int
    pages: int
    width: float  # points
    height: float
    boxes: list[Box]


def _pdf(runtime: Runtime, session: Session, document_id: int, actor: Actor):
    document = get_document(session, document_id, actor)
    version = document.current
    if version.media_type != MediaType.PDF.value:
        raise InvalidInput("page views are for PDF documents")
    if version.parsed is None:
        raise NotReady("the document has not been processed")
    return version, runtime.files.get(version.sha256)


def page_view(
    runtime: Runtime, session: Session, document_id: int, actor: Actor, page: int
) -> PageView:
    version, original = _pdf(runtime, session, document_id, actor)
    parsed = extract_bytes(
        original, filename=version.filename, limits=IngestLimits.from_settings(runtime.settings)
    )
    if not 1 <= page <= len(parsed.page_sizes):
        raise InvalidInput(f"the document has pages 1 to {len(parsed.page_sizes)}")
    width, height = parsed.page_sizes[page - 1]
    boxes = [
        Box(
            f.id,
            f.category,
            f.decision,
            rect.x0 / width,
            rect.top / height,
            (rect.x1 - rect.x0) / width,
            (rect.bottom - rect.top) / height,
        )
        for f in version.findings
        for rect in parsed.boxes_for(Span(f.start, f.end))
        if rect.page == page
    ]
    return PageView(page, len(parsed.page_sizes), width, height, boxes)


#: Image formats a page is sent in: PNG (lossless, large), or JPEG and WebP, which keep
#: a text page legible at a fraction of the size (a reviewer's page view asks for WebP).
IMAGE_FORMATS = {"png": "image/png", "jpeg": "image/jpeg", "webp": "image/webp"}
_QUALITY = {"jpeg": 70, "webp": 60}
MAX_IMAGE_WIDTH = 2400


def page_image(
    runtime: Runtime,
    session: Session,
    document_id: int,
    actor: Actor,
    page: int,
    *,
    image_format: str = "png",
    width: int | None = None,
) -> bytes:
    """The page as an image: ``width`` pixels wide (at most ``MAX_IMAGE_WIDTH``), or at
    ``SCALE`` pixels per point."""
    import pypdfium2 as pdfium

    if image_format not in IMAGE_FORMATS:
        raise InvalidInput(f"an image is one of {', '.join(IMAGE_FORMATS)}")
    _version, original = _pdf(runtime, session, document_id, actor)
    pdf = pdfium.PdfDocument(original)
    try:
        if not 1 <= page <= len(pdf):
            raise InvalidInput(f"the document has pages 1 to {len(pdf)}")
        pdf_page = pdf[page - 1]
        scale = SCALE
        if width is not None:
            scale = min(width, MAX_IMAGE_WIDTH) / max(1.0, pdf_page.get_width())
        image = pdf_page.render(scale=scale).to_pil()
    finally:
        pdf.close()
    out = io.BytesIO()
    if image_format == "png":
        image.save(out, format="PNG", optimize=False)
    else:
        image.convert("RGB").save(out, format=image_format.upper(), quality=_QUALITY[image_format])
    return out.getvalue()
