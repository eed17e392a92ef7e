"""Bounds on what one uploaded file may cost to parse."""

from __future__ import annotations

from dataclasses import dataclass

from core.config import Settings


@dataclass(frozen=True, slots=True)
class IngestLimits:
    """The defaults are the settings' defaults (``core.config``), which an office may
    change with ``GONGKAI_MAX_*``; kept here too so parsers can be called without one."""

    max_bytes: int = 100 * 1024 * 1024
    #: A zip package (DOCX, XLSX, ODT, OFD): declared sizes, in total and per part.
    max_uncompressed_bytes: int = 512 * 1024 * 1024
    max_compression_ratio: int = 200
    max_archive_members: int = 5000
    max_part_bytes: int = 256 * 1024 * 1024
    #: Pages of a PDF, an OFD or a multi-page TIFF.
    max_pdf_pages: int = 2000
    #: Spreadsheets: sheets, and non-empty cells in all of them.
    max_sheets: int = 500
    max_cells: int = 2_000_000
    #: Columns of a CSV row: Excel's own limit (XFD), which no real list reaches.
    max_columns: int = 16_384
    #: A page larger than this (in square points; A0 is about 3.5 million) is refused:
    #: drawing it for OCR or the page view would cost more than any document is worth.
    max_page_area: float = 4_000_000.0
    #: An image (a scan, a page of a TIFF) with more pixels than this is refused before
    #: it is decoded (A4 at 600 dpi is about 35 million).
    max_image_pixels: int = 60_000_000
    #: OCR: pages read per document (each costs seconds).
    max_ocr_pages: int = 300
    #: LibreOffice conversion of a legacy file (.doc, .wps, .rtf, .odt, .xls, .et).
    conversion_timeout: float = 120.0

    @classmethod
    def from_settings(cls, settings: Settings) -> IngestLimits:
        return cls(
            max_bytes=settings.max_upload_bytes,
            max_uncompressed_bytes=settings.max_uncompressed_bytes,
            max_compression_ratio=settings.max_compression_ratio,
            max_archive_members=settings.max_archive_members,
            max_part_bytes=settings.max_part_bytes,
            max_pdf_pages=settings.max_pdf_pages,
            max_sheets=settings.max_sheets,
            max_cells=settings.max_cells,
            max_columns=settings.max_columns,
            max_page_area=settings.max_page_area,
            max_image_pixels=settings.max_image_pixels,
            max_ocr_pages=settings.max_ocr_pages,
            conversion_timeout=settings.conversion_timeout,
        )
