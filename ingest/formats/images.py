"""Scans delivered as images (PNG, JPEG, TIFF, multi-page TIFF): every page read by OCR.

Published as PDF: each page is the image with the redactions burned in and an
invisible text layer holding only the remaining text (as OCRmyPDF lays it out).
"""

from __future__ import annotations

import io
from typing import ClassVar

from core.datamodel import Document, MediaType, Metadata
from core.errors import CorruptDocument, EmptyFile, ImageTooLarge, TooManyPages
from ingest.formats import Format, Probe
from ingest.limits import IngestLimits
from ingest.source import Source

#: A scan that does not say its resolution is taken to be this (and so is a claim
#: outside 100–1200 dpi, which scanners do not make).
DEFAULT_DPI = 200.0


def open_image(data: bytes, limits: IngestLimits):
    from PIL import Image, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError as exc:
        raise ImageTooLarge(f"图像像素过多（{exc}）") from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise CorruptDocument(
            f"图像文件已损坏，无法读取（the image cannot be read: {exc}）"
        ) from exc
    frames = getattr(image, "n_frames", 1)
    if frames > limits.max_pdf_pages:
        raise TooManyPages(
            f"图像有 {frames} 页，超过上限 {limits.max_pdf_pages}"
            f"（the image has {frames} pages, more than the limit of {limits.max_pdf_pages}）"
        )
    return image, frames


def frame(image, index: int, limits: IngestLimits):
    """Frame ``index`` decoded (its size checked first), with its pixels per point."""
    from PIL import Image

    from ingest.ocr import check_image

    try:
        image.seek(index)
        check_image(*image.size, limits)
        dpi = image.info.get("dpi", (DEFAULT_DPI, DEFAULT_DPI))[0] or DEFAULT_DPI
        dpi = float(dpi) if 100 <= float(dpi) <= 1200 else DEFAULT_DPI
        return image.convert("RGB"), dpi / 72
    except Image.DecompressionBombError as exc:
        raise ImageTooLarge(f"图像像素过多（{exc}）") from exc
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        raise CorruptDocument(
            f"图像文件已损坏，无法读取（the image cannot be decoded: {exc}）"
        ) from exc


class ImageFormat(Format):
    family = "image"
    version = "1"
    output_media_type = MediaType.PDF
    output_extension = ".pdf"
    redaction = "redact.writers.scan:REDACTION"
    signatures: ClassVar[tuple[bytes, ...]]

    def score(self, probe: Probe) -> float:
        return 1.0 if probe.data.startswith(self.signatures) else 0.0

    def parse(self, source: Source, limits: IngestLimits) -> Document:
        from ingest.builder import TextBuilder
        from ingest.ocr import add_page, confidence_warnings, recognise

        image, frames = open_image(source.data, limits)
        if frames > limits.max_ocr_pages:
            raise TooManyPages(
                f"扫描图像有 {frames} 页，超过识别上限 {limits.max_ocr_pages}"
                f"（{frames} pages to OCR, more than the limit of {limits.max_ocr_pages}）"
            )
        builder = TextBuilder(with_boxes=True)
        pages, sizes = [], []
        for index in range(frames):
            picture, px_per_pt = frame(image, index, limits)
            size = (picture.width / px_per_pt, picture.height / px_per_pt)
            sizes.append(size)
            page = recognise(picture, index + 1, px_per_pt)
            pages.append(page)
            add_page(builder, page, size[0])
        if not builder.text.strip():
            raise EmptyFile("扫描图像中未识别出任何文字（OCR found no text in the image）")
        return Document(
            text=builder.text,
            media_type=self.media_type,
            sha256=source.sha256,
            size=len(source.data),
            blocks=builder.blocks,
            boxes=builder.boxes,
            metadata=Metadata(),
            page_count=frames,
            page_sizes=tuple(sizes),
            filename=source.filename,
            ocr_pages=tuple(range(1, frames + 1)),
            warnings=tuple(confidence_warnings(pages)),
            ocr_confidence=tuple((p.number, p.confidence) for p in pages),
        )

    def render_page(self, data: bytes, page: int, scale: float, max_pixels: int):
        from ingest.formats.pdf import capped_scale

        limits = IngestLimits()
        image, frames = open_image(data, limits)
        if not 1 <= page <= frames:
            raise CorruptDocument(f"the image has no page {page}")
        picture, px_per_pt = frame(image, page - 1, limits)
        width, height = picture.width / px_per_pt, picture.height / px_per_pt
        factor = capped_scale(width, height, scale, max_pixels)
        return picture.resize((max(1, round(width * factor)), max(1, round(height * factor))))


class PngFormat(ImageFormat):
    name = "png"
    label = "PNG 图像（扫描件）"
    english = "a PNG image"
    media_type = MediaType.PNG
    extensions: ClassVar[tuple[str, ...]] = (".png",)
    signatures = (b"\x89PNG\r\n\x1a\n",)


class JpegFormat(ImageFormat):
    name = "jpeg"
    label = "JPEG 图像（扫描件）"
    english = "a JPEG image"
    media_type = MediaType.JPEG
    extensions: ClassVar[tuple[str, ...]] = (".jpg", ".jpeg")
    signatures = (b"\xff\xd8\xff",)


class TiffFormat(ImageFormat):
    name = "tiff"
    label = "TIFF 图像（扫描件，可多页）"
    english = "a TIFF image"
    media_type = MediaType.TIFF
    extensions: ClassVar[tuple[str, ...]] = (".tif", ".tiff")
    signatures = (b"II*\x00", b"MM\x00*")
