"""Formats are plug-ins: one class per format, registered in one registry.

A format says how to recognise its files (a score from the content, so that a more
specific reader outbids a general one, as paperless-ngx's parsers do), how to parse
them, what the published file is (media type and extension) and which redaction half
writes it and checks it for leaks. Ingest, redaction, the leak check, batches,
publication and the upload's refusal message all read this registry; adding a format
is adding a module here (and its redaction half under ``redact/writers/``).

The redaction half is named, not imported (``"redact.writers.pdf:REDACTION"``, like an
entry point): ingest sits below redact in the layering, and only redaction resolves it.
"""

from __future__ import annotations

import importlib
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import PurePath
from typing import Any, ClassVar

from core.datamodel import Document, MediaType
from core.errors import CorruptDocument, DisguisedFile, EmptyFile, UnsupportedFileType
from ingest.limits import IngestLimits
from ingest.source import Source

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass
class Probe:
    """What sniffing knows about a file, computed once and shared by every format."""

    data: bytes
    #: The name's extension, lower case ("" without one): a hint only, for formats the
    #: content cannot tell apart (CSV is text).
    suffix: str
    limits: IngestLimits
    _zip: zipfile.ZipFile | None = field(default=None, repr=False)

    @cached_property
    def head(self) -> bytes:
        return self.data[:8192]

    @cached_property
    def is_zip(self) -> bool:
        return self.data.startswith((b"PK\x03\x04", b"PK\x05\x06"))

    @cached_property
    def zip_members(self) -> list[zipfile.ZipInfo]:
        """The members of a zip package (nothing is inflated here)."""
        if not self.is_zip:
            return []
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(self.data))
        except zipfile.BadZipFile as exc:
            raise CorruptDocument(f"the file is a damaged zip/Office package: {exc}") from exc
        return self._zip.infolist()

    @cached_property
    def zip_names(self) -> frozenset[str]:
        return frozenset(m.filename for m in self.zip_members)

    def zip_read(self, name: str, max_bytes: int = 1024 * 1024) -> bytes:
        """A small member (content types, mimetype), read within ``max_bytes``."""
        if self._zip is None or name not in self.zip_names:
            return b""
        with self._zip.open(name) as member:
            return member.read(max_bytes)

    @cached_property
    def is_ole(self) -> bool:
        return self.data.startswith(OLE_MAGIC)

    def ole_has_stream(self, name: str) -> bool:
        """Does the OLE container's directory name this stream? Directory names are
        UTF-16 and end in a NUL, so "Book" does not match text that says "Bookmark"."""
        return self.is_ole and (name + "\0").encode("utf-16-le") in self.data


class Format:
    """One file format. Subclasses set the class attributes and override ``score``
    and ``parse``."""

    #: Stable short name, e.g. ``pdf``; used in logs and parser versions.
    name: ClassVar[str]
    #: What a reviewer reads, e.g. "PDF 文件"; ``english`` is for logs and English messages.
    label: ClassVar[str]
    english: ClassVar[str]
    media_type: ClassVar[MediaType]
    #: File-name extensions that claim this format (lower case, with the dot).
    extensions: ClassVar[tuple[str, ...]]
    #: Bumped whenever parsing gives a different text or boxes for the same file: a
    #: stored parse of another version is parsed again (and reviewed again if it changed).
    version: ClassVar[str] = "1"
    #: The published file's type and extension (OFD and scans are published as PDF).
    output_media_type: ClassVar[MediaType]
    output_extension: ClassVar[str]
    #: "module:attribute" of the redaction half: writer, fallback and leak-check extractor.
    redaction: ClassVar[str]
    #: Formats that live in a zip package get the archive bounds checked before parsing.
    zip_based: ClassVar[bool] = False
    #: Formats of one family may carry each other's extensions without being a disguised
    #: file (.wps for a Word 97 file, .txt for a CSV, .jpg for .jpeg); defaults to ``name``.
    family: ClassVar[str] = ""

    def score(self, probe: Probe) -> float:
        """How sure this format is that the file is one of its own (0 = not mine).
        May raise a typed ``IngestError`` for a file of its kind that is refused."""
        raise NotImplementedError

    def parse(self, source: Source, limits: IngestLimits) -> Document:
        raise NotImplementedError

    def render_page(self, data: bytes, page: int, scale: float, max_pixels: int) -> Any:
        """Page ``page`` (1-based) of the file as a PIL image, for the reviewer's page
        view: ``scale`` pixels per point, reduced so the image stays within
        ``max_pixels``. Only paged formats have pages."""
        raise UnsupportedFileType(f"{self.english} files have no pages to draw")

    @property
    def parser_version(self) -> str:
        return f"{self.name}/{self.version}"

    def redactor(self) -> Any:
        module, _, attribute = self.redaction.partition(":")
        return getattr(importlib.import_module(module), attribute)


class FormatRegistry:
    def __init__(self, formats: Iterable[Format]):
        self.formats: tuple[Format, ...] = tuple(formats)
        self._by_type = {f.media_type: f for f in self.formats}

    def by_media_type(self, media_type: MediaType | str) -> Format:
        try:
            return self._by_type[MediaType(media_type)]
        except (KeyError, ValueError) as exc:
            raise UnsupportedFileType(f"没有处理 {media_type} 的格式插件") from exc

    def for_extension(self, suffix: str) -> Format | None:
        suffix = suffix.lower()
        return next((f for f in self.formats if suffix in f.extensions), None)

    @property
    def extensions(self) -> frozenset[str]:
        return frozenset(e for f in self.formats for e in f.extensions)

    def accepted(self) -> str:
        """The formats we take, for refusal messages: "PDF、DOCX、…"."""
        labels: list[str] = []
        for f in self.formats:
            if f.label not in labels:
                labels.append(f.label)
        return "、".join(labels)

    def sniff(self, data: bytes, filename: str | None, limits: IngestLimits) -> Format:
        """The format of ``data``, judged from its content; raises a typed
        ``IngestError`` for anything refused. The name only catches a disguised file."""
        from ingest.sniff import check_archive_bounds, refuse_known

        if not data:
            raise EmptyFile("the file is empty (0 bytes)")
        suffix = PurePath(filename or "").suffix.lower()
        probe = Probe(data, suffix, limits)
        refuse_known(probe)
        scored = [(f.score(probe), -n, f) for n, f in enumerate(self.formats)]
        best_score, _, best = max(scored, key=lambda item: item[:2])
        if best_score <= 0:
            refuse_known(probe, nothing_matched=True, accepted=self.accepted())  # raises
        if best.zip_based:
            check_archive_bounds(probe.zip_members, limits)
        claimed = self.for_extension(suffix)
        if claimed is not None and not _compatible(claimed, best):
            raise DisguisedFile(
                f"文件扩展名为 {suffix}，内容却是{best.label}，请改名或核实来源"
                f"（the file is named {suffix!r} but its content is {best.english}; "
                "rename it or check where it came from）"
            )
        return best


def _compatible(claimed: Format, found: Format) -> bool:
    return claimed is found or (claimed.family or claimed.name) == (found.family or found.name)


@lru_cache(maxsize=1)
def default_registry() -> FormatRegistry:
    """Every format this build reads, most specific first (ties go to the earlier)."""
    from ingest.formats.docx import DocxFormat
    from ingest.formats.images import JpegFormat, PngFormat, TiffFormat
    from ingest.formats.legacy import (
        DocFormat,
        EtFormat,
        OdtFormat,
        RtfFormat,
        WpsFormat,
        XlsFormat,
    )
    from ingest.formats.ofd import OfdFormat
    from ingest.formats.pdf import PdfFormat
    from ingest.formats.sheets import CsvFormat, XlsxFormat
    from ingest.formats.text import TextFormat

    return FormatRegistry(
        [
            PdfFormat(),
            DocxFormat(),
            XlsxFormat(),
            OfdFormat(),
            OdtFormat(),
            RtfFormat(),
            WpsFormat(),
            DocFormat(),
            EtFormat(),
            XlsFormat(),
            PngFormat(),
            JpegFormat(),
            TiffFormat(),
            CsvFormat(),
            TextFormat(),
        ]
    )
