"""Type detection from content, and refusal of what we do not parse."""

from __future__ import annotations

import io
import zipfile

import pytest

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
from ingest import IngestLimits, extract_bytes
from ingest.sniff import sniff
from tests.docgen import NOTICE, render_docx, render_pdf

LIMITS = IngestLimits()


def _zip(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_types_are_decided_by_content_not_by_name():
    assert sniff(render_pdf(NOTICE), "no-extension", LIMITS) == MediaType.PDF
    assert sniff(render_docx(NOTICE), "upload.bin", LIMITS) == MediaType.DOCX
    assert sniff("关于印发办法的通知".encode(), None, LIMITS) == MediaType.TEXT


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("a.pdf", b"hello", "content is plain text"),
        ("a.docx", b"%PDF-1.7\n...", "content is PDF"),
        ("a.txt", None, "content is DOCX"),
    ],
)
def test_a_name_that_contradicts_the_content_is_refused(name, data, expected):
    data = data if data is not None else render_docx(NOTICE)
    with pytest.raises(DisguisedFile, match=expected):
        sniff(data, name, LIMITS)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"GIF89a" + b"\x00" * 20, "GIF image"),
        (b"MZ\x90\x00" + b"\x00" * 60, "Windows executable"),
        (b"\x7fELF\x02\x01" + b"\x00" * 20, "executable"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "legacy Office"),
        (b"\x00\x01\x02\x03binary" * 10, "binary data"),
    ],
)
def test_unsupported_types_are_refused_with_a_reason(data, message):
    with pytest.raises(UnsupportedFileType, match=message):
        sniff(data, None, LIMITS)


def test_empty_file_is_refused():
    with pytest.raises(EmptyFile):
        extract_bytes(b"")
    with pytest.raises(EmptyFile):
        extract_bytes("  \n\u3000\n".encode())


def test_encrypted_office_file_is_reported_as_encrypted():
    ole = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64 + "EncryptionInfo\0".encode("utf-16-le")
    )
    with pytest.raises(EncryptedDocument):
        sniff(ole, "secret.docx", LIMITS)


def test_macro_enabled_document_is_refused():
    docx = render_docx(NOTICE)
    with zipfile.ZipFile(io.BytesIO(docx)) as source:
        members = {n: source.read(n) for n in source.namelist()}
    members["word/vbaProject.bin"] = b'Attribute VB_Name = "Module1"'
    with pytest.raises(MacroEnabledDocument):
        sniff(_zip(members), "notice.docx", LIMITS)


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ({"ppt/presentation.xml": b"<x/>"}, "PowerPoint"),
        ({"readme.txt": b"hello"}, "zip archive"),
    ],
)
def test_other_zip_packages_are_refused(members, message):
    with pytest.raises(UnsupportedFileType, match=message):
        sniff(_zip(members), None, LIMITS)


@pytest.mark.parametrize(
    ("data", "media_type"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, MediaType.PNG),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 20, MediaType.JPEG),
        (b"II*\x00" + b"\x00" * 20, MediaType.TIFF),
        (b"{\\rtf1\\ansi hello}", MediaType.RTF),
    ],
)
def test_scans_and_rtf_are_formats_we_read(data, media_type):
    assert sniff(data, None, LIMITS) == media_type


def test_a_damaged_image_is_corrupt():
    with pytest.raises(CorruptDocument):
        extract_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, filename="scan.png")


def test_a_workbook_package_is_a_spreadsheet():
    assert sniff(_zip({"xl/workbook.xml": b"<x/>"}), "list.xlsx", LIMITS) == MediaType.XLSX


def test_zip_bomb_is_refused_before_inflating():
    bomb = _zip(
        {"word/document.xml": b"<w:document/>", "word/media/pad.bin": b"\x00" * (64 * 1024 * 1024)}
    )
    assert len(bomb) < 1024 * 1024  # 64 MiB of zeros packs into a few dozen KiB
    with pytest.raises(ArchiveBomb, match="inflate"):
        sniff(bomb, "bomb.docx", LIMITS)
    small = IngestLimits(max_uncompressed_bytes=1024, max_compression_ratio=10**9)
    with pytest.raises(ArchiveBomb, match="would inflate to"):
        sniff(_zip({"word/document.xml": b"x" * 4096}), None, small)


def test_too_many_members_is_refused():
    members = {"word/document.xml": b"<x/>"} | {f"word/p{i}.xml": b"" for i in range(20)}
    with pytest.raises(ArchiveBomb, match="parts"):
        sniff(_zip(members), None, IngestLimits(max_archive_members=10))


def test_damaged_zip_is_corrupt():
    docx = render_docx(NOTICE)
    with pytest.raises(CorruptDocument):
        extract_bytes(docx[: len(docx) // 2], filename="cut.docx")


def test_a_part_that_would_inflate_past_the_per_part_limit_is_refused():
    docx = render_docx(NOTICE)
    with pytest.raises(ArchiveBomb, match="per part"):
        sniff(docx, "notice.docx", IngestLimits(max_part_bytes=1000))
