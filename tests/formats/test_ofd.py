"""OFD: real files written by other software (ofdrw's test resources, see
data/ofd/SOURCE.md) read with positions, redacted and published as PDF."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pdfplumber
import pytest

from core.datamodel import Category, MediaType, Redaction
from core.errors import CorruptDocument, NeedsOCR
from ingest import extract_bytes
from redact import apply
from redact.log import log_record

DATA = Path(__file__).parent / "data" / "ofd"
MM = 72 / 25.4


def read(name: str):
    data = (DATA / name).read_bytes()
    return data, extract_bytes(data, filename=name)


def test_the_text_and_where_it_stands():
    _, document = read("helloworld.ofd")
    assert document.media_type == MediaType.OFD and document.page_count == 1
    assert document.text == "你好呀，OFD Reader&Writer！"
    assert document.page_sizes[0] == pytest.approx((210 * MM, 297 * MM))
    # The TextCode starts at x = 31.7 mm, baseline 28.4 mm, in 3 mm type (the file says).
    first = document.boxes[0]
    assert first.x0 == pytest.approx(31.7 * MM, abs=0.5)
    assert first.top < 28.4 * MM < first.bottom
    assert first.bottom - first.top == pytest.approx(3 * MM, rel=0.05)
    xs = [b.x0 for b in document.boxes if b]
    assert xs == sorted(xs)


def test_every_page_is_read():
    _, document = read("keyword2.ofd")
    assert document.page_count == 2
    assert {b.page for b in document.boxes if b} == {1, 2}
    assert "重庆市马上融资担保有限公司" in document.text


def test_a_redacted_ofd_is_published_as_pdf_without_the_removed_text():
    data, document = read("invoice.ofd")
    assert "名称：江苏京利华新材料有限公司" in document.text
    secrets = ["6217993300118475000", "057988222001", "兰溪市丹溪大道1055号"]
    spans = []
    for secret in secrets:
        start = document.text.index(secret)
        spans.append(Redaction(start, start + len(secret), Category.BANK_CARD))
    redacted = apply(document, spans, original=data)
    assert redacted.media_type == MediaType.PDF and redacted.verification["ok"]
    assert any("OFD" in s for s in redacted.scrubbed)
    assert log_record(document, redacted)["output"]["media_type"] == "application/pdf"
    with pdfplumber.open(io.BytesIO(redacted.data)) as pdf:
        page = pdf.pages[0]
        assert (page.width, page.height) == pytest.approx(document.page_sizes[0], abs=0.5)
        text = "".join(c["text"] for c in page.chars)
    for secret in secrets:
        assert secret not in text
    assert "浙江增值税电子普通发票" in text and "江苏京利华新材料有限公司" in text


def test_bad_ofd_files_are_typed_refusals():
    data, _ = read("helloworld.ofd")
    with pytest.raises(CorruptDocument):
        extract_bytes(data[: len(data) // 2], filename="cut.ofd")
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as package:
        package.writestr("OFD.xml", "<ofd:OFD xmlns:ofd='http://www.ofdspec.org/2016'>")
    with pytest.raises(CorruptDocument):
        extract_bytes(broken.getvalue(), filename="broken.ofd")
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        members = {n: source.read(n) for n in source.namelist()}
    empty = io.BytesIO()
    with zipfile.ZipFile(empty, "w") as package:
        for name, content in members.items():
            if name.endswith("Content.xml"):
                content = content.replace("你好呀，OFD Reader&amp;Writer！".encode(), b"")
                content = content.replace("你好呀，OFD Reader&Writer！".encode(), b"")
            package.writestr(name, content)
    with pytest.raises(NeedsOCR, match="OFD"):
        extract_bytes(empty.getvalue(), filename="scan.ofd")
