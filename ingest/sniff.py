"""Decide a file's type from its bytes, never from its name.

The name is only used to refuse a file whose content contradicts it (a disguised
file), and to word the error. Archive checks happen here, before any parser
inflates a single member.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath

from core.datamodel import MediaType
from core.errors import (
    ArchiveBomb,
    CorruptDocument,
    DisguisedFile,
    EmptyFile,
    EncryptedDocument,
    MacroEnabledDocument,
    UnsupportedFileType,
)
from ingest.limits import IngestLimits

_EXTENSION_TYPES = {
    ".pdf": MediaType.PDF,
    ".docx": MediaType.DOCX,
    ".txt": MediaType.TEXT,
    ".text": MediaType.TEXT,
}

# Signatures of types we refuse, with the message a user needs to act on.
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

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# An encrypted DOCX is an OLE container holding this stream (UTF-16 name).
_OLE_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")


def sniff(data: bytes, filename: str | None, limits: IngestLimits) -> MediaType:
    """The media type of ``data``; raises a typed ``IngestError`` for anything we refuse."""
    if not data:
        raise EmptyFile("the file is empty (0 bytes)")
    media_type = _sniff_content(data, limits)
    claimed = _EXTENSION_TYPES.get(PurePath(filename or "").suffix.lower())
    if claimed is not None and claimed != media_type:
        raise DisguisedFile(
            f"the file is named {PurePath(filename or '').suffix.lower()!r} "
            f"but its content is {_describe(media_type)}; rename it or check where it came from"
        )
    return media_type


def _sniff_content(data: bytes, limits: IngestLimits) -> MediaType:
    if b"%PDF-" in data[:1024]:
        return MediaType.PDF
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _sniff_zip(data, limits)
    if data.startswith(_OLE_MAGIC):
        if _OLE_ENCRYPTION_INFO in data:
            raise EncryptedDocument(
                "the document is password-protected (encrypted Office file); "
                "remove the password and upload it again"
            )
        raise UnsupportedFileType(
            "a legacy Office file (.doc, .xls or .wps): save it as DOCX or PDF"
        )
    for signature, what in _REFUSED_SIGNATURES:
        if data.startswith(signature):
            raise UnsupportedFileType(f"unsupported file type: {what}")
    head = data[:8192]
    utf16 = head.startswith((b"\xff\xfe", b"\xfe\xff"))
    if b"\x00" in head and not utf16:
        raise UnsupportedFileType("unsupported file type: binary data that is not PDF or DOCX")
    return MediaType.TEXT


def _sniff_zip(data: bytes, limits: IngestLimits) -> MediaType:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise CorruptDocument(f"the file is a damaged zip/DOCX package: {exc}") from exc
    with archive:
        members = archive.infolist()
        names = {m.filename for m in members}
        if "word/document.xml" not in names:
            if any(n.startswith("xl/") for n in names):
                raise UnsupportedFileType("an Excel workbook: only PDF, DOCX and text are accepted")
            if any(n.startswith("ppt/") for n in names):
                raise UnsupportedFileType("a PowerPoint file: only PDF, DOCX and text are accepted")
            if "OFD.xml" in names:
                raise UnsupportedFileType("an OFD document: export it as PDF")
            raise UnsupportedFileType(
                "a zip archive that is not a Word document; upload archives through batch import"
            )
        check_archive_bounds(members, limits)
        content_types = (
            archive.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
        )
    if "word/vbaProject.bin" in names or b"macroEnabled" in content_types:
        raise MacroEnabledDocument(
            "the document contains macros (DOCM); save it as a macro-free DOCX"
        )
    return MediaType.DOCX


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


def _describe(media_type: MediaType) -> str:
    return {MediaType.PDF: "PDF", MediaType.DOCX: "DOCX", MediaType.TEXT: "plain text"}[media_type]
