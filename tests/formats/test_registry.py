"""The format registry: every plug-in complete, extensions unambiguous, the more
specific format outbidding the general one, and the name only catching disguises."""

from __future__ import annotations

import pytest

from core.datamodel import MediaType
from core.errors import DisguisedFile
from ingest import IngestLimits
from ingest.formats import default_registry
from tests.formats.fixtures import rows, subsidy_csv

REGISTRY = default_registry()


@pytest.mark.parametrize("fmt", REGISTRY.formats, ids=lambda f: f.name)
def test_every_format_is_a_complete_plug_in(fmt):
    assert fmt.label and fmt.english and fmt.extensions
    assert fmt.parser_version == f"{fmt.name}/{fmt.version}"
    redactor = fmt.redactor()
    assert callable(redactor.write) and callable(redactor.rewrite)
    # What it publishes is a format of the registry, whose plug-in reads it back.
    output = REGISTRY.by_media_type(fmt.output_media_type)
    assert output.output_media_type == fmt.output_media_type
    assert callable(output.redactor().extract)
    assert fmt.output_extension == output.output_extension


def test_extensions_and_media_types_are_unambiguous():
    extensions = [e for f in REGISTRY.formats for e in f.extensions]
    assert len(extensions) == len(set(extensions))
    assert len({f.media_type for f in REGISTRY.formats}) == len(REGISTRY.formats)
    assert {".pdf", ".docx", ".txt", ".xlsx", ".csv", ".doc", ".wps", ".rtf", ".odt", ".xls",
            ".et", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".ofd"} <= REGISTRY.extensions  # fmt: skip


def test_a_specific_format_outbids_a_general_one():
    data = subsidy_csv(rows(2))
    limits = IngestLimits()
    assert REGISTRY.sniff(data, "名单.csv", limits).media_type == MediaType.CSV
    assert REGISTRY.sniff(data, "名单.txt", limits).media_type == MediaType.TEXT
    assert REGISTRY.sniff(data, None, limits).media_type == MediaType.TEXT
    word97 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument\0".encode("utf-16-le")
    assert REGISTRY.sniff(word97, "报告.doc", limits).media_type == MediaType.DOC
    assert REGISTRY.sniff(word97, "报告.wps", limits).media_type == MediaType.WPS
    excel97 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "Workbook\0".encode("utf-16-le")
    assert REGISTRY.sniff(excel97, "表.et", limits).media_type == MediaType.ET
    # "Book" inside "Bookmark" is no workbook stream.
    bookmark = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "Bookmarks\0".encode("utf-16-le")
    assert REGISTRY.sniff(word97 + bookmark, None, limits).media_type == MediaType.DOC
    with pytest.raises(DisguisedFile):
        REGISTRY.sniff(word97, "名单.xls", limits)


def test_the_refusal_names_what_we_read():
    from core.errors import UnsupportedFileType

    with pytest.raises(UnsupportedFileType) as caught:
        REGISTRY.sniff(b"\x00\x01binary\x00" * 20, None, IngestLimits())
    assert "binary data" in caught.value.message
    accepted = REGISTRY.accepted()
    assert "OFD 版式文件" in accepted and "Excel 工作簿（XLSX）" in accepted
    assert accepted in caught.value.message
