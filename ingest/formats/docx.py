"""DOCX: every text-bearing part of the WordprocessingML package."""

from __future__ import annotations

from typing import ClassVar

from core.datamodel import Document, MediaType
from core.errors import MacroEnabledDocument
from ingest.formats import Format, Probe
from ingest.limits import IngestLimits
from ingest.source import Source


class DocxFormat(Format):
    name = "docx"
    label = "DOCX 文件"
    english = "DOCX"
    media_type = MediaType.DOCX
    extensions: ClassVar[tuple[str, ...]] = (".docx",)
    version = "1"
    output_media_type = MediaType.DOCX
    output_extension = ".docx"
    redaction = "redact.writers.docx:REDACTION"
    zip_based = True

    def score(self, probe: Probe) -> float:
        if not probe.is_zip or "word/document.xml" not in probe.zip_names:
            return 0.0
        if "word/vbaProject.bin" in probe.zip_names or b"macroEnabled" in probe.zip_read(
            "[Content_Types].xml"
        ):
            raise MacroEnabledDocument(
                "the document contains macros (DOCM); save it as a macro-free DOCX"
            )
        return 1.0

    def parse(self, source: Source, limits: IngestLimits) -> Document:
        from ingest.docx import DocxParser

        return DocxParser().parse(source)
