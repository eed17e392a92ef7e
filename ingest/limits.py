"""Bounds on what one uploaded file may cost to parse."""

from __future__ import annotations

from dataclasses import dataclass

from core.config import Settings


@dataclass(frozen=True, slots=True)
class IngestLimits:
    max_bytes: int = 100 * 1024 * 1024
    max_uncompressed_bytes: int = 512 * 1024 * 1024
    max_compression_ratio: int = 200
    max_archive_members: int = 5000
    max_pdf_pages: int = 2000

    @classmethod
    def from_settings(cls, settings: Settings) -> IngestLimits:
        return cls(
            max_bytes=settings.max_upload_bytes,
            max_uncompressed_bytes=settings.max_uncompressed_bytes,
            max_compression_ratio=settings.max_compression_ratio,
            max_archive_members=settings.max_archive_members,
            max_pdf_pages=settings.max_pdf_pages,
        )
