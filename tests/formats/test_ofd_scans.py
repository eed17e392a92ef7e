"""Scanned OFD: pages that hold pictures and no text are read by OCR, shown from their
pictures, and published as PDF with the redactions burned into the pixels. The file is
a real one written by WPS 文字 (ofdrw's test resources, see data/ofd/SOURCE.md); for the
redaction tests its first picture is swapped for a scan-like 公示 page."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pdfplumber
import pytest

from core.datamodel import MediaType
from core.errors import CorruptDocument, ImageTooLarge
from ingest import extract_bytes
from ingest.formats.ofd import OfdFormat
from ingest.limits import IngestLimits
from ingest.ocr import recognise
from redact import apply
from tests.formats.fixtures import ofd_with_picture as with_picture
from tests.formats.fixtures import wps_scan
from tests.formats.scans import ID, NAME, PHONE, SCAN_LINES, as_file, redact_and_check, scanned

MM = 72 / 25.4
#: Where WPS placed the picture on both pages (the Boundary, millimetres).
LEFT, TOP, WIDTH, HEIGHT = 31.743, 25.6484, 145.3829, 109.0266


@pytest.fixture(scope="module")
def gongshi():
    data = with_picture(as_file(scanned(), "JPEG"))
    return data, extract_bytes(data, filename="公示.ofd")


def test_a_scanned_ofd_is_read_by_ocr_and_shown_from_its_pictures():
    data = wps_scan()
    document = extract_bytes(data, filename="scan.ofd")
    assert document.media_type == MediaType.OFD and document.page_count == 2
    assert document.ocr_pages == (1, 2) and [p for p, _ in document.ocr_confidence] == [1, 2]
    assert any("第 1 页为扫描图片" in w for w in document.warnings)
    # The photograph's title (我和我的祖国, in a brush script OCR reads only in part),
    # where the picture lies on the page.
    for page in (1, 2):
        read = [
            (ch, b)
            for ch, b in zip(document.text, document.boxes, strict=True)
            if b is not None and b.page == page and "\u4e00" <= ch <= "\u9fff"
        ]
        assert len(read) >= 4 and "国" in "".join(ch for ch, _ in read)
        for _, box in read:
            assert LEFT * MM < box.x0 < box.x1 < (LEFT + WIDTH) * MM
            assert TOP * MM < box.top < box.bottom < (TOP + HEIGHT) * MM
    image = OfdFormat().render_page(data, 1, 1.0, 4_000_000).convert("L")
    assert image.size == (round(209.9623 * MM), round(296.9381 * MM))
    inside = image.crop(
        (int((LEFT + 5) * MM), int((TOP + 5) * MM), int((LEFT + 40) * MM), int((TOP + 20) * MM))
    )
    below = image.crop((0, int((TOP + HEIGHT + 5) * MM), image.width, image.height))
    assert inside.getextrema()[1] < 250  # the photograph's dark top edge
    assert below.getextrema()[0] == 255  # the page around it is white


def test_a_scanned_ofd_is_published_with_the_redactions_burned_in(gongshi):
    data, document = gongshi
    squashed = re.sub(r"\s+", "", document.text)
    assert ID in squashed and PHONE in squashed and NAME in squashed
    assert any(b is not None and b.page == 2 for b in document.boxes)  # still the photograph
    redacted = redact_and_check(document, data)
    assert dict(redacted.rasterised)[1].startswith("scanned page")
    with pdfplumber.open(io.BytesIO(redacted.data)) as pdf:
        assert len(pdf.pages) == 2
    # What a reader of the picture sees: the page OCRed whole, not just the boxes.
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(redacted.data)
    try:
        picture = pdf[0].render(scale=200 / 72).to_pil()
    finally:
        pdf.close()
    seen = "".join("".join(line.chars) for line in recognise(picture, 1, 200 / 72).lines)
    assert ID not in seen and PHONE not in seen
    assert SCAN_LINES[3][:6] in seen


def test_a_scanned_page_past_the_ocr_limit_is_not_published(gongshi):
    data, _ = gongshi
    document = extract_bytes(data, filename="公示.ofd", limits=IngestLimits(max_ocr_pages=1))
    assert document.ocr_pages == (1, 2) and [p for p, _ in document.ocr_confidence] == [1]
    assert any("第 2 页为扫描图片，超出识别页数上限" in w for w in document.warnings)
    assert not any(b is not None and b.page == 2 for b in document.boxes)
    redacted = apply(document, [], original=data)
    assert dict(redacted.rasterised)[2].startswith("scanned page not read")
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(redacted.data)
    try:
        unread = pdf[1].render(scale=0.5).to_pil().convert("L")
    finally:
        pdf.close()
    assert unread.getextrema()[0] == 255  # its unread picture is not in the output


def test_bad_pictures_in_an_ofd_are_typed_refusals():
    with pytest.raises(CorruptDocument, match="图片"):
        extract_bytes(with_picture(b"JB2\x00 not a picture PIL reads"), filename="jb2.ofd")
    with pytest.raises(ImageTooLarge):
        extract_bytes(wps_scan(), filename="big.ofd", limits=IngestLimits(max_image_pixels=10_000))


def test_a_page_of_text_over_a_large_picture_warns_that_the_picture_is_not_read():
    data = (Path(__file__).parent / "data" / "ofd" / "certificate_background.ofd").read_bytes()
    document = extract_bytes(data, filename="certificate.ofd")
    assert document.ocr_pages == () and "临沧市临翔区自然资源局" in document.text
    assert any("第 1 页除文字外还有大幅图片" in w for w in document.warnings)
    # The OFDs whose pictures are small (a seal, a logo) say nothing of them.
    _, invoice = read_invoice()
    assert not any("大幅图片" in w for w in invoice.warnings)


def read_invoice():
    data = (Path(__file__).parent / "data" / "ofd" / "invoice.ofd").read_bytes()
    return data, extract_bytes(data, filename="invoice.ofd")
