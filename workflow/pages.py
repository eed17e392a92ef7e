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
    """The original page as an image: drawn once at ``SCALE`` pixels per point (at most
    ``MAX_PAGE_PIXELS``) and kept — pages never change, the file is addressed by its hash
    — then sent as asked: ``width`` pixels wide (at most ``MAX_IMAGE_WIDTH``, never
    larger than the drawing), PNG, JPEG or WebP; each variant is kept too."""
    from PIL import Image

    if image_format not in IMAGE_FORMATS:
        raise InvalidInput(f"an image is one of {', '.join(IMAGE_FORMATS)}")
    version = _paged(runtime, session, document_id, actor)
    _check_page(page, int(version.parsed["page_count"]))
    folder = runtime.files.root / "pages" / version.sha256[:2]
    master = folder / f"{version.sha256}-p{page}-s{SCALE}.png"
    if not master.exists():
        fmt = default_registry().by_media_type(version.media_type)
        image = fmt.render_page(runtime.files.get(version.sha256), page, SCALE, MAX_PAGE_PIXELS)
        out = io.BytesIO()
        image.save(out, format="PNG", optimize=False)
        write_atomic(master, out.getvalue())
    if image_format == "png" and width is None:
        return master.read_bytes()
    variant = folder / f"{master.stem}-w{width or 0}.{image_format}"
    if variant.exists():
        return variant.read_bytes()
    with Image.open(master) as drawn:
        image = drawn.copy()
    if width is not None and min(width, MAX_IMAGE_WIDTH) < image.width:
        wide = min(width, MAX_IMAGE_WIDTH)
        image = image.resize((wide, max(1, round(image.height * wide / image.width))))
    out = io.BytesIO()
    if image_format == "png":
        image.save(out, format="PNG", optimize=False)
    else:
        image.convert("RGB").save(out, format=image_format.upper(), quality=_QUALITY[image_format])
    write_atomic(variant, out.getvalue())
    return out.getvalue()
