"""PDFs that are damaged, locked, scanned or partly scanned get a clear answer."""

from __future__ import annotations

import io

import pytest
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from core.datamodel import BlockKind
from core.errors import CorruptDocument, EncryptedDocument, NeedsOCR
from ingest import IngestLimits, extract_bytes
from tests.docgen import NOTICE, render_pdf


def _pdf(draw, **kwargs) -> bytes:
    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, **kwargs)
    draw(pdf)
    pdf.save()
    return buffer.getvalue()


def _text_page(pdf, text="关于做好技能培训工作的通知"):
    pdf.setFont("STSong-Light", 16)
    pdf.drawString(72, 700, text)
    pdf.showPage()


def _scanned_page(pdf):
    # What a scan looks like to a parser: marks on the page, no characters.
    for i in range(20):
        pdf.rect(72, 100 + i * 30, 400, 12, fill=1)
    pdf.showPage()


@pytest.mark.parametrize("fraction", [0.3, 0.6, 0.95])
def test_truncated_pdf_is_corrupt(fraction):
    data = render_pdf(NOTICE)
    with pytest.raises(CorruptDocument, match="damaged"):
        extract_bytes(data[: int(len(data) * fraction)])


def test_garbage_after_the_header_is_corrupt():
    with pytest.raises(CorruptDocument):
        extract_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)


def test_password_protected_pdf_is_encrypted():
    data = _pdf(_text_page, encrypt=StandardEncryption("user-pw", ownerPassword="owner-pw"))
    with pytest.raises(EncryptedDocument, match="password"):
        extract_bytes(data)


# With OCR off (an explicit option), pages without a text layer are only listed; with
# it on they are read (tests/formats/test_scans.py).
NO_OCR = IngestLimits(max_ocr_pages=0)


def test_pdf_with_only_an_owner_password_is_read():
    def draw(pdf):
        pdf.setFont("Helvetica", 12)
        pdf.drawString(72, 700, "Notice No. 12 of 2021")

    data = _pdf(draw, encrypt=StandardEncryption("", ownerPassword="owner-pw"))
    assert extract_bytes(data).text == "Notice No. 12 of 2021"


def test_glyphs_without_a_unicode_map_need_ocr():
    # reportlab's encrypted CID font loses its Unicode map: pdfminer (and poppler) see
    # only "(cid:N)" glyph numbers, exactly what a font without ToUnicode gives.
    data = _pdf(_text_page, encrypt=StandardEncryption("", ownerPassword="owner-pw"))
    with pytest.raises(NeedsOCR):
        extract_bytes(data, limits=NO_OCR)


def test_image_only_pdf_needs_ocr():
    data = _pdf(lambda pdf: (_scanned_page(pdf), _scanned_page(pdf)))
    with pytest.raises(NeedsOCR, match="any of its 2 page"):
        extract_bytes(data, limits=NO_OCR)


def test_partly_scanned_pdf_lists_the_pages_needing_ocr():
    data = _pdf(lambda pdf: (_text_page(pdf), _scanned_page(pdf), _text_page(pdf, "第三页正文")))
    document = extract_bytes(data, limits=NO_OCR)
    assert document.page_count == 3
    assert document.ocr_pages == (2,)
    assert document.warnings == ("page 2 has no usable text layer and needs OCR",)
    assert [document.text[b.start : b.end] for b in document.blocks] == [
        "关于做好技能培训工作的通知",
        "第三页正文",
    ]
    assert [b.location.page for b in document.blocks] == [1, 3]


def test_page_limit_is_enforced():
    data = _pdf(lambda pdf: [_text_page(pdf) for _ in range(3)])
    with pytest.raises(CorruptDocument, match="limit of 2"):
        extract_bytes(data, limits=IngestLimits(max_pdf_pages=2))


def test_pdf_metadata_is_read_for_later_scrubbing():
    def draw(pdf):
        pdf.setAuthor("张晓燕")
        pdf.setTitle("关于某某的处罚决定")
        pdf.setSubject("行政处罚")
        pdf.setKeywords("处罚")
        _text_page(pdf)

    metadata = extract_bytes(_pdf(draw)).metadata
    assert metadata.author == "张晓燕"
    assert metadata.title == "关于某某的处罚决定"
    assert metadata.subject == "行政处罚"
    assert metadata.keywords == "处罚"
    assert metadata.created is not None and metadata.created[:2] == "20"


def test_annotation_text_is_a_comment_block():
    def draw(pdf):
        _text_page_no_break(pdf)
        pdf.textAnnotation("请核实当事人李某某的身份证号", Rect=(72, 600, 200, 650))
        pdf.showPage()

    def _text_page_no_break(pdf):
        pdf.setFont("STSong-Light", 16)
        pdf.drawString(72, 700, "行政处罚决定书")

    document = extract_bytes(_pdf(draw))
    comments = [document.text[b.start : b.end] for b in document.blocks_of(BlockKind.COMMENT)]
    assert comments == ["请核实当事人李某某的身份证号"]


def test_a_paragraph_that_fills_pages_and_runs_on_parses():
    """Issue 14: a real PDF whose paragraph filled a page and ran on was refused as
    damaged (an IndexError when the page after had nothing held back)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4)
    line = "经查，当事人在经营期间拖欠劳动者工资，本机关依法调查处理并作出决定如下所述" * 1
    for _ in range(4):  # four pages of one unbroken paragraph, edge to edge
        y = 800
        while y > 60:
            page.setFont("STSong-Light", 12)
            page.drawString(50, y, line[:40])
            y -= 18
        page.showPage()
    page.save()
    document = extract_bytes(out.getvalue(), filename="长段落.pdf")
    assert document.page_count == 4 and "拖欠劳动者工资" in document.text
