"""Parsers are plug-ins, one per media type. Add a type by adding a parser here."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from core.datamodel import Document, MediaType
from ingest.limits import IngestLimits
from ingest.source import Source


class Parser(Protocol):
    media_type: MediaType

    def parse(self, source: Source) -> Document:
        """Turn the bytes into a document (elements are recognised afterwards)."""
        ...


def default_parsers(limits: IngestLimits) -> Mapping[MediaType, Parser]:
    from ingest.docx import DocxParser
    from ingest.pdf import PdfParser
    from ingest.text import TextParser

    parsers: list[Parser] = [PdfParser(limits), DocxParser(), TextParser()]
    return {p.media_type: p for p in parsers}
