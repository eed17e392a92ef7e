"""Parse once: the typed parse is stored with its boxes and loaded for the page view,
preview and publication; a new parser version parses again, and a text that changed
sends the document back to review."""

from __future__ import annotations

import gzip
import io
import json

import pytest
from PIL import Image

from core.datamodel import Document
from ingest import extract_bytes
from ingest.formats.text import TextFormat
from store.records import DocumentRecord
from tests.docgen import NOTICE, REQUEST, render_docx, render_pdf
from tests.workflow.test_review_and_publish import decide_all_as_suggested
from workflow import pages, parsed, publish, review


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (render_pdf(NOTICE), "通知.pdf"),
        (render_docx(REQUEST), "请示.docx"),
        ("公示\n姓名：张三，电话13907745678\n".encode("gbk"), "公示.txt"),
    ],
    ids=["pdf", "docx", "text"],
)
def test_a_document_round_trips_through_its_stored_form(data, name):
    document = extract_bytes(data, filename=name)
    stored = json.loads(json.dumps(document.to_dict(include_boxes=True, exact_boxes=True)))
    again = Document.from_dict(stored)
    assert again == document
    assert again.parser_version == document.parser_version != ""
    if document.boxes:
        assert again.boxes_for(document.elements[0].span) == document.boxes_for(
            document.elements[0].span
        )


def test_a_stored_parse_of_another_schema_is_refused():
    document = extract_bytes("一行文字".encode(), filename="a.txt")
    stored = document.to_dict() | {"schema_version": 99}
    with pytest.raises(ValueError, match="schema"):
        Document.from_dict(stored)


def _stored_files(office):
    return sorted((office.runtime.files.root / "parsed").rglob("*.json.gz"))


def test_processing_stores_the_parse_and_the_page_view_reads_it(office):
    doc_id = office.upload(render_pdf(REQUEST), "请示.pdf")
    [stored] = _stored_files(office)
    content = json.loads(gzip.decompress(stored.read_bytes()))
    assert content["parser_version"] == "pdf/1" and len(content["boxes"]) == len(content["text"])
    # The page view shows what the stored parse says, not a fresh parse of the original:
    # an edited page size in the stored form is what comes back.
    content["page_sizes"][0] = [1000.0, 2000.0]
    stored.write_bytes(gzip.compress(json.dumps(content).encode()))
    with office.runtime.session() as session:
        view = pages.page_view(office.runtime, session, doc_id, office.reviewer, 1)
    assert (view.width, view.height) == (1000.0, 2000.0)


def test_a_new_parser_version_parses_again_and_a_changed_text_goes_back_to_review(
    office, monkeypatch
):
    text = "关于公示的说明\n联系人：张晓燕，电话13907745678。\n".encode()
    doc_id = office.upload(text, "说明.txt")
    decide_all_as_suggested(office, doc_id)
    with office.runtime.session() as session:
        review.propose_attribute(session, doc_id, office.drafter, "主动公开")
        review.decide_attribute(session, doc_id, office.reviewer, attribute="主动公开")
        publish.release(session, doc_id, office.publisher)

    # A new text parser that reads the same file differently (it drops the title line).
    original_parse = TextFormat.parse

    def new_parse(self, source, limits):
        return _without_first_line(original_parse(self, source, limits))

    monkeypatch.setattr(TextFormat, "version", "2")
    monkeypatch.setattr(TextFormat, "parse", new_parse)
    assert publish.publish_document(office.runtime, doc_id) == "in_review"
    versions = {p.name.split(".", 1)[1] for p in _stored_files(office)}
    assert versions == {"text_1.json.gz", "text_2.json.gz"}
    with office.runtime.session() as session:
        [publication] = publish.publications_of(session, doc_id, office.reviewer)
    assert publication.state == "failed" and "审查" in publication.error


def _without_first_line(document: Document) -> Document:
    import dataclasses

    cut = document.text.index("\n") + 1
    blocks = tuple(
        dataclasses.replace(b, start=b.start - cut, end=b.end - cut)
        for b in document.blocks
        if b.start >= cut
    )
    return dataclasses.replace(document, text=document.text[cut:], blocks=blocks)


def test_an_unchanged_parser_version_reuses_the_stored_parse(office, monkeypatch):
    doc_id = office.upload("通知\n联系人：张晓燕，电话13907745678。\n".encode(), "通知.txt")
    with office.runtime.session() as session:
        version = session.get(DocumentRecord, doc_id).current
        key = (version.sha256, version.filename, version.media_type)

    def refuse(*args, **kwargs):
        raise AssertionError("parsed again")

    monkeypatch.setattr(parsed, "extract_bytes", refuse)
    loaded = parsed.load(office.runtime, *key)
    assert not loaded.reparsed and "张晓燕" in loaded.document.text


# A 20000 x 20000 pt page, hand-written: the page view must not draw it at 1.5 px/pt.
GIANT_PAGE_PDF = b"""%PDF-1.4
1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj
2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj
3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 20000 20000]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj
4 0 obj<</Length 44>>stream
BT /F1 400 Tf 100 19000 Td (Giant page) Tj ET
endstream endobj
5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj
trailer<</Root 1 0 R>>
%%EOF
"""


def test_the_page_image_of_a_giant_page_is_capped_and_cached(office):
    assert len(GIANT_PAGE_PDF) < 700
    doc_id = office.upload(GIANT_PAGE_PDF, "giant.pdf")
    with office.runtime.session() as session:
        first = pages.page_image(office.runtime, session, doc_id, office.reviewer, 1)
        image = Image.open(io.BytesIO(first))
        assert image.width * image.height <= pages.MAX_PAGE_PIXELS
        assert image.width == image.height > 1000
        [cached] = (office.runtime.files.root / "pages").rglob("*.png")
        cached.write_bytes(b"\x89PNG cached")
        assert pages.page_image(office.runtime, session, doc_id, office.reviewer, 1) == (
            b"\x89PNG cached"
        )


def test_scans_and_ofd_have_page_views_too(office):
    from pathlib import Path

    from tests.formats.scans import as_file, scanned

    ofd = (Path(__file__).parent / "data" / "ofd" / "invoice.ofd").read_bytes()
    scan_id = office.upload(as_file(scanned(), "PNG"), "公示.png")
    ofd_id = office.upload(ofd, "发票.ofd")
    with office.runtime.session() as session:
        for doc_id in (scan_id, ofd_id):
            view = pages.page_view(office.runtime, session, doc_id, office.reviewer, 1)
            assert view.pages == 1 and view.boxes  # the findings, where OCR or OFD put them
            assert all(0 <= b.left < 1 and 0 <= b.top < 1 for b in view.boxes)
            image = Image.open(
                io.BytesIO(pages.page_image(office.runtime, session, doc_id, office.reviewer, 1))
            )
            # Drawn at the page view's scale, whatever the source's resolution.
            assert image.width == pytest.approx(view.width * pages.SCALE, abs=2)
