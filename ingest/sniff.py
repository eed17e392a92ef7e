"""Decide a file's type from its bytes, never from its name.

The formats themselves score the content (``ingest.formats``); this module holds what
is refused whatever the formats say — encrypted Office containers, executables, other
archives — with the message a user needs to act on, and the archive bounds every
zip-based format is checked against before any parser inflates a single member.
"""

from __future__ import annotations

import zipfile
from typing import TYPE_CHECKING

from core.datamodel import MediaType
from core.errors import ArchiveBomb, EncryptedDocument, UnsupportedFileType
from ingest.limits import IngestLimits

if TYPE_CHECKING:
    from ingest.formats import Probe

# Signatures of types no format reads, with the message a user needs to act on.
_REFUSED_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "a PNG image: scan it into a PDF; image-only documents need OCR"),
    (b"\xff\xd8\xff", "a JPEG image: scan it into a PDF; image-only documents need OCR"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image: image-only documents need OCR"),
    (b"MM\x00*", "a TIFF image: image-only documents need OCR"),
    (b"MZ", "a Windows executable"),
    (b"\x7fELF", "an executable"),
    (b"#!", "a script"),
    (b"{\\rtf", "an RTF file: save it as DOCX or PDF"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"\x1f\x8b", "a gzip archive"),
)

# An encrypted DOCX or XLSX is an OLE container holding this stream.
_OLE_ENCRYPTION_INFO = "EncryptionInfo"


def sniff(data: bytes, filename: str | None, limits: IngestLimits) -> MediaType:
    """The media type of ``data``; raises a typed ``IngestError`` for anything we refuse."""
    from ingest.formats import default_registry

    return default_registry().sniff(data, filename, limits).media_type


def refuse_known(probe: Probe, *, nothing_matched: bool = False, accepted: str = "") -> None:
    """Raise for files refused whatever they are; with ``nothing_matched``, word the
    refusal of a file no format claimed after what it seems to be."""
    if probe.ole_has_stream(_OLE_ENCRYPTION_INFO):
        raise EncryptedDocument(
            "the document is password-protected (encrypted Office file); "
            "remove the password and upload it again"
        )
    if not nothing_matched:
        return
    if probe.is_zip:
        names = probe.zip_names
        if any(n.startswith("ppt/") for n in names):
            raise UnsupportedFileType("a PowerPoint file: only PDF, DOCX and text are accepted")
        raise UnsupportedFileType(
            f"压缩包不是可处理的文件格式（{accepted}），请通过批量导入上传压缩包"
            "（a zip archive that is not a document we read; upload archives through batch "
            "import）"
        )
    if probe.is_ole:
        raise UnsupportedFileType(
            "a legacy Office file (.doc, .xls or .wps) we cannot read: save it as DOCX or PDF"
        )
    for signature, what in _REFUSED_SIGNATURES:
        if probe.data.startswith(signature):
            raise UnsupportedFileType(f"unsupported file type: {what}")
    raise UnsupportedFileType(
        f"文件类型不受支持，可处理的格式为：{accepted}"
        "（unsupported file type: binary data that is not a format we read）"
    )


def check_archive_bounds(members: list[zipfile.ZipInfo], limits: IngestLimits) -> None:
    """Refuse a zip whose declared sizes would inflate past the limits.

    zipfile never inflates a member past its declared size, so checking the
    declared sizes before reading bounds what reading can cost.
    """
    if len(members) > limits.max_archive_members:
        raise ArchiveBomb(
            f"the package has {len(members)} parts (limit {limits.max_archive_members})"
        )
    total = 0
    for member in members:
        total += member.file_size
        if member.file_size > limits.max_part_bytes:
            raise ArchiveBomb(
                f"part {member.filename!r} would inflate to {member.file_size} bytes "
                f"(limit {limits.max_part_bytes} per part)"
            )
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > 1024 * 1024 and ratio > limits.max_compression_ratio:
            raise ArchiveBomb(
                f"part {member.filename!r} would inflate {ratio:.0f}-fold "
                f"(limit {limits.max_compression_ratio}): refusing a possible zip bomb"
            )
    if total > limits.max_uncompressed_bytes:
        raise ArchiveBomb(
            f"the package would inflate to {total} bytes "
            f"(limit {limits.max_uncompressed_bytes}): refusing a possible zip bomb"
        )
