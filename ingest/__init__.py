"""Ingest: turn an uploaded file into a ``core.datamodel.Document``.

``extract`` is the one entry point: it bounds the read, decides the format from the
content (``ingest.formats``: one plug-in per format), parses, and recognises the
official-document elements. Every failure is a typed ``core.errors.IngestError`` with a
message for the user.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from pathlib import Path
from typing import BinaryIO

from core.datamodel import Document
from ingest.elements import recognise_elements
from ingest.formats import FormatRegistry, default_registry
from ingest.limits import IngestLimits
from ingest.source import Source, display_name, read_bounded, read_path, sha256_hex

__all__ = ["IngestLimits", "extract", "extract_bytes"]

log = logging.getLogger(__name__)


def extract(
    source: Path | BinaryIO,
    *,
    filename: str | None = None,
    limits: IngestLimits | None = None,
    registry: FormatRegistry | None = None,
) -> Document:
    """Parse a file on disk or an open binary stream."""
    limits = limits or IngestLimits()
    if isinstance(source, Path):
        data = read_path(source, limits)
        filename = filename or source.name
    else:
        data = read_bounded(source, limits.max_bytes)
    return extract_bytes(data, filename=filename, limits=limits, registry=registry)


def extract_bytes(
    data: bytes,
    *,
    filename: str | None = None,
    limits: IngestLimits | None = None,
    registry: FormatRegistry | None = None,
) -> Document:
    limits = limits or IngestLimits()
    started = time.perf_counter()
    name = display_name(filename)
    fmt = (registry or default_registry()).sniff(data, name, limits)
    media_type = fmt.media_type
    document = fmt.parse(Source(data, sha256_hex(data), media_type, name), limits)
    document = dataclasses.replace(
        document,
        elements=recognise_elements(document.text, document.blocks),
        parser_version=fmt.parser_version,
    )
    log.info(
        "ingested",
        extra={
            "sha256": document.sha256,
            "media_type": media_type.value,
            "chars": len(document.text),
            "pages": document.page_count,
            "elements": len(document.elements),
            "ms": round((time.perf_counter() - started) * 1000, 1),
        },
    )
    return document
