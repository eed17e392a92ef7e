"""The page view (PDF, scanned OFD): each finding's box lies where its characters are drawn."""

from __future__ import annotations

import pytest

from core.errors import InvalidInput
from tests.docgen import REQUEST, render_docx, render_pdf
from workflow import pages, review


def test_boxes_fall_on_the_findings_characters(office):
    doc_id = office.upload(render_pdf(REQUEST), "请示.pdf")
    with office.runtime.session() as session:
        view = pages.page_view(office.runtime, session, doc_id, office.reviewer, 1)
        findings = {f.id: f for f in review.findings_of(session, doc_id, office.reviewer)}
        image = pages.page_image(office.runtime, session, doc_id, office.reviewer, 1)
    assert view.pages == 1 and (view.width, view.height) == pytest.approx((595.3, 841.9), abs=1)
    phone = [b for b in view.boxes if findings[b.finding_id].text == "13907745678"]
    assert len(phone) == 1
    box = phone[0]
    # Eleven digits of 三号 type: a short box in the lower half of the page, inside it.
    assert 0 < box.left < box.left + box.width < 1 and 0.5 < box.top < 1
    assert 0.05 < box.width < 0.35 and 0.01 < box.height < 0.04
    assert {b.finding_id for b in view.boxes} == set(findings)
    assert image.startswith(b"\x89PNG")


def test_page_views_are_for_pdfs_and_their_pages(office):
    pdf = office.upload(render_pdf(REQUEST), "请示.pdf")
    docx = office.upload(render_docx(REQUEST), "请示.docx")
    with office.runtime.session() as session:
        with pytest.raises(InvalidInput, match="pages 1 to 1"):
            pages.page_view(office.runtime, session, pdf, office.reviewer, 2)
        with pytest.raises(InvalidInput, match="PDF"):
            pages.page_view(office.runtime, session, docx, office.reviewer, 1)


def test_a_scanned_ofds_page_view_draws_its_pictures_under_the_boxes(office):
    """A scanned OFD (WPS's, its first picture a scan-like 公示): the page is drawn from
    its pictures, and the ID number's box lies where OCR read it, inside the picture."""
    import io

    from PIL import Image

    from tests.formats.fixtures import ofd_with_picture
    from tests.formats.scans import as_file, scanned

    doc_id = office.upload(ofd_with_picture(as_file(scanned(), "JPEG")), "公示.ofd")
    with office.runtime.session() as session:
        view = pages.page_view(office.runtime, session, doc_id, office.reviewer, 1)
        findings = {f.id: f for f in review.findings_of(session, doc_id, office.reviewer)}
        image = pages.page_image(office.runtime, session, doc_id, office.reviewer, 1)
    assert view.pages == 2
    [box] = [b for b in view.boxes if findings[b.finding_id].text == "440103198503021232"]
    # The picture spans 31.7–177.1 mm across a 210 mm page and 25.6–134.7 mm down 297 mm.
    assert 31.7 / 210 < box.left < box.left + box.width < 177.2 / 210
    assert 25.6 / 297 < box.top < (134.7 / 297)
    drawn = Image.open(io.BytesIO(image)).convert("L")
    assert drawn.getextrema()[0] < 100  # the scan's dark type is on the page
