"""Plain text arrives as UTF-8 or, very often in offices, as GBK/GB18030."""

from __future__ import annotations

import codecs

import pytest

from core.datamodel import BlockKind, MediaType
from core.errors import UnknownEncoding
from ingest import extract_bytes
from ingest.encoding import decode_text

TEXT = "关于做好2020年度养老保险待遇调整工作的通知\n各县（区）人社局：\n现将有关事项通知如下。"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("gbk"), "gbk"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16"),
    ],
)
def test_text_is_decoded_from_its_encoding(data, encoding):
    text, found = decode_text(data)
    assert text.lstrip("\ufeff") == TEXT
    assert found == encoding


def test_gb18030_only_characters_are_decoded():
    # 𠮷 (U+20BB7) and the euro sign exist in GB18030 but not in GBK.
    text = "申请人：吉𠮷，缴费€100元。"
    decoded, encoding = decode_text(text.encode("gb18030"))
    assert decoded == text
    assert encoding == "gb18030"


def test_bytes_in_no_known_encoding_are_refused():
    with pytest.raises(UnknownEncoding):
        decode_text(bytes(range(0x80, 0x100)) * 4)


def test_text_file_keeps_text_and_maps_lines_to_blocks():
    document = extract_bytes(
        ("\r\n\r\n" + TEXT.replace("\n", "\r\n") + "\r\n").encode("gbk"), filename="通知.txt"
    )
    assert document.media_type == MediaType.TEXT
    assert document.encoding == "gbk"
    assert "\r" not in document.text
    lines = [document.text[b.start : b.end] for b in document.blocks]
    assert lines == TEXT.split("\n")
    assert [b.location.line for b in document.blocks] == [3, 4, 5]
    assert all(b.kind == BlockKind.PARAGRAPH for b in document.blocks)


def test_full_width_characters_are_kept_as_written():
    text = "身份证号：１１０１０５１９９００３０７１２３Ｘ"
    document = extract_bytes(text.encode("utf-8"))
    assert document.text == text
