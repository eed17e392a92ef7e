"""Page views for the reviewer (PDF, OFD, scans): each page as an image, and the boxes
where the findings fall on it, so a reviewer sees what is removed where it is drawn.

Both come from the stored parse (``workflow.parsed``), never from parsing again; the
images are drawn once per page, within a pixel cap, and kept beside the original."""

from __future__ import annotations

import io
from dataclasses import dataclass

from sqlalchemy.orm import Session

from core.datamodel import MediaType, Span
from core.errors import InvalidInput, NotReady
from ingest.formats import default_registry
from store.files import write_atomic
from workflow import parsed as stored_parse
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


#: No page image is larger than this, whatever the page's size: a 622-byte PDF with a
#: 20000-point page would otherwise cost gigabytes to draw (issue 14).
MAX_PAGE_PIXELS = 4_000_000


def _paged(runtime: Runtime, session: Session, document_id: int, actor: Actor):
    document = get_document(session, document_id, actor)
    version = document.current
    if version.parsed is None:
        raise NotReady("the document has not been processed")
    if not version.parsed.get("page_count") or version.media_type in _UNPAGED:
        raise InvalidInput(
            "页面视图只适用于有固定页面的文件（PDF、OFD、扫描图像）"
            "（page views are for PDF documents and other paged formats）"
        )
    return version


_UNPAGED = {MediaType.DOCX.value, MediaType.TEXT.value}


def _check_page(page: int, pages: int) -> None:
    if not 1 <= page <= pages:
        raise InvalidInput(f"文件只有第 1 至 {pages} 页（the document has pages 1 to {pages}）")


def page_view(
    runtime: Runtime, session: Session, document_id: int, actor: Actor, page: int
) -> PageView:
    version = _paged(runtime, session, document_id, actor)
    parsed = stored_parse.load(runtime, version.sha256, version.filename, version.media_type)
    document = parsed.document
    _check_page(page, len(document.page_sizes))
    width, height = document.page_sizes[page - 1]
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
        for rect in document.boxes_for(Span(f.start, f.end))
        if rect.page == page
    ]
    return PageView(page, len(document.page_sizes), width, height, boxes)


def page_image(
    runtime: Runtime, session: Session, document_id: int, actor: Actor, page: int
) -> bytes:
    """The original page as a PNG, drawn once and kept (pages never change: the file is
    addressed by its hash), at most ``MAX_PAGE_PIXELS`` large."""
    version = _paged(runtime, session, document_id, actor)
    _check_page(page, int(version.parsed["page_count"]))
    cached = (
        runtime.files.root / "pages" / version.sha256[:2] / f"{version.sha256}-p{page}-s{SCALE}.png"
    )
    if cached.exists():
        return cached.read_bytes()
    fmt = default_registry().by_media_type(version.media_type)
    image = fmt.render_page(runtime.files.get(version.sha256), page, SCALE, MAX_PAGE_PIXELS)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    write_atomic(cached, out.getvalue())
    return out.getvalue()
