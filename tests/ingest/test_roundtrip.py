"""Documents written in code come back out of DOCX and PDF with their text intact,
their elements recognised, and (PDF) a box on the page for every character."""

from __future__ import annotations

import itertools
import re
import shutil
from pathlib import Path

import pytest

from core.datamodel import BlockKind, MediaType, Span
from ingest import extract_bytes
from tests.docgen import SPECS, DocSpec, drawable, libreoffice_pdf, render_docx, render_pdf

BODY = {BlockKind.PARAGRAPH, BlockKind.TABLE_CELL}


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def body_text(document) -> str:
    return "".join(document.text[b.start : b.end] for b in document.blocks if b.kind in BODY)


def assert_elements(document, spec: DocSpec) -> None:
    found: dict[str, set[str]] = {}
    for element in document.elements:
        found.setdefault(element.name.value, set()).add(element.value)
    for name, value in spec.expected.items():
        assert value in found.get(name, set()), (
            f"{spec.name}: {name} expected {value!r}, found {found.get(name)}"
        )


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_docx_round_trip(spec):
    document = extract_bytes(render_docx(spec), filename=f"{spec.name}.docx")
    assert document.media_type == MediaType.DOCX
    assert squash(body_text(document)) == squash(spec.body_text())
    assert_elements(document, spec)
    assert document.metadata.author == spec.author
    footers = [document.text[b.start : b.end] for b in document.blocks_of(BlockKind.FOOTER)]
    assert footers == ["— 1 —"]
    if spec.header:
        headers = [document.text[b.start : b.end] for b in document.blocks_of(BlockKind.HEADER)]
        assert headers == [spec.header]


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_pdf_round_trip(spec):
    document = extract_bytes(render_pdf(spec), filename=f"{spec.name}.pdf")
    assert document.media_type == MediaType.PDF
    assert squash(body_text(document)) == squash(spec.body_text())
    assert_elements(document, spec)
    assert document.metadata.author == spec.author
    assert document.page_count == len(document.page_sizes) >= 1
    assert_boxes_on_pages_in_reading_order(document)


def test_docx_table_cells_keep_row_and_column():
    spec = SPECS[0]
    document = extract_bytes(render_docx(spec))
    cells = list(document.blocks_of(BlockKind.TABLE_CELL))
    table = next(line.table for line in spec.lines if line.role == "table")
    assert [(c.location.row, c.location.col) for c in cells] == [
        (r, c) for r in range(len(table)) for c in range(len(table[0]))
    ]
    assert [document.text[c.start : c.end] for c in cells] == [v for row in table for v in row]


def test_pdf_table_cells_keep_row_column_and_box():
    spec = SPECS[0]
    document = extract_bytes(render_pdf(spec))
    cells = list(document.blocks_of(BlockKind.TABLE_CELL))
    table = next(line.table for line in spec.lines if line.role == "table")
    assert [document.text[c.start : c.end] for c in cells] == [v for row in table for v in row]
    assert {(c.location.row, c.location.col) for c in cells} == {
        (r, c) for r in range(len(table)) for c in range(len(table[0]))
    }
    for cell in cells:
        x0, top, x1, bottom = cell.location.bbox
        for box in document.boxes[cell.start : cell.end]:
            assert (
                x0 <= box.x0
                and box.x1 <= x1 + 0.5
                and top <= box.top
                and box.bottom <= bottom + 0.5
            )


def test_pdf_headers_and_page_numbers_are_marked():
    document = extract_bytes(render_pdf(SPECS[0]))
    headers = [document.text[b.start : b.end] for b in document.blocks_of(BlockKind.HEADER)]
    footers = [document.text[b.start : b.end] for b in document.blocks_of(BlockKind.FOOTER)]
    assert headers == [SPECS[0].header] * document.page_count
    assert footers == [f"— {n} —" for n in range(1, document.page_count + 1)]


def test_pdf_wrapped_paragraph_reads_as_one_string():
    """A long paragraph wraps over several lines; the text joins them with nothing between,
    and the span of a phrase across the wrap maps to one box per line."""
    spec = SPECS[0]
    document = extract_bytes(render_pdf(spec))
    sentence = next(line.text for line in spec.lines if line.text.startswith("根据《广西"))
    start = document.text.index(sentence)
    block = document.block_at(start)
    assert document.text[block.start : block.end] == sentence
    rects = document.boxes_for(Span(start, start + len(sentence)))
    assert len(rects) >= 3  # it wraps over three lines at least
    assert all(r.page == 1 for r in rects)
    assert [r.top for r in rects] == sorted(r.top for r in rects)


def assert_boxes_on_pages_in_reading_order(document) -> None:
    assert len(document.boxes) == len(document.text)
    previous = None
    for block in document.blocks:
        if block.kind == BlockKind.COMMENT:
            continue
        boxes = [b for b in document.boxes[block.start : block.end] if b is not None]
        assert boxes, f"block {block} has no boxes"
        width, height = document.page_sizes[block.location.page - 1]
        for box in boxes:
            # A paragraph may run on over the page break; it starts on its own page.
            assert box.page == block.location.page or (
                block.kind == BlockKind.PARAGRAPH and box.page > block.location.page
            )
            assert 0 <= box.x0 < box.x1 <= width and 0 <= box.top < box.bottom <= height
        if block.kind == BlockKind.PARAGRAPH:
            # Within a paragraph: line by line from the top, left to right within a line.
            for a, b in itertools.pairwise(boxes):
                same_line = a.page == b.page and abs(a.top - b.top) < 2
                assert (same_line and a.x0 < b.x0) or b.top > a.top or b.page > a.page
            if previous is not None and previous.page == boxes[0].page:
                assert boxes[0].top >= previous.top - 2
            previous = boxes[-1]
        else:
            previous = None
    for index, char in enumerate(document.text):
        if document.boxes[index] is None:
            assert (
                char.isspace()
                or document.block_at(index) is None
                or document.block_at(index).kind == BlockKind.COMMENT
            )


@pytest.mark.libreoffice
@pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice (soffice) is not installed; .ci/run installs it",
)
@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_pdf_converted_by_libreoffice(spec, tmp_path: Path):
    document = extract_bytes(libreoffice_pdf(render_docx(spec), tmp_path))
    assert squash(body_text(document)) == squash(drawable(spec.body_text()))
    assert_elements(document, spec)
    assert_boxes_on_pages_in_reading_order(document)
