"""The redaction half of each format plug-in (``ingest.formats``): one object per
format that writes the redacted file, may write it again more robustly when the leak
check fails, and extracts the text of a written file for the leak check.

Each writer module exposes ``REDACTION``; a format names it in ``Format.redaction``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from core.datamodel import Document, MediaType, Redaction, RedactionEntry
from redact.marks import MarkStyle


@dataclass(frozen=True)
class Written:
    data: bytes
    #: The published file's type: OFD and scans come out as PDF, .doc as DOCX.
    media_type: MediaType
    entries: tuple[RedactionEntry, ...]
    scrubbed: tuple[str, ...] = ()
    #: Pages that became pictures, with why.
    rasterised: tuple[tuple[int, str], ...] = ()


class Redactor(Protocol):
    def write(
        self, document: Document, original: bytes, spans: list[Redaction], style: MarkStyle
    ) -> Written: ...

    def rewrite(
        self, document: Document, original: bytes, spans: list[Redaction], style: MarkStyle
    ) -> Written | None:
        """A second, more robust attempt after a failed leak check; None if there is none."""
        ...

    def extract(self, output: bytes) -> tuple[dict[str, str], list[str]]:
        """The written file's text per independent tool (metadata included), and notes
        on tools that are not available."""
        ...
