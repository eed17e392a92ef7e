"""Characters built cheaply must say what pdfplumber's own conversion says."""

from __future__ import annotations

import io

import pdfplumber
import pikepdf
import pytest

from ingest.pdfobjects import load_objects
from tests.docgen import NOTICE, render_pdf

KEYS = ("text", "fontname", "size", "upright", "x0", "x1", "top", "bottom", "page_number")


def _shift_mediabox(data: bytes, dx: float, dy: float) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            x0, y0, x1, y1 = (float(v) for v in page.MediaBox)
            page.MediaBox = pikepdf.Array([x0 + dx, y0 + dy, x1 + dx, y1 + dy])
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


@pytest.mark.parametrize("shift", [(0, 0), (-15, 30)], ids=["plain", "shifted-mediabox"])
def test_same_characters_and_rules_as_pdfplumber(shift):
    data = _shift_mediabox(render_pdf(NOTICE), *shift)
    with pdfplumber.open(io.BytesIO(data)) as theirs, pdfplumber.open(io.BytesIO(data)) as ours:
        for their_page, our_page in zip(theirs.pages, ours.pages, strict=True):
            load_objects(our_page)
            expected = [{k: c[k] for k in KEYS} for c in their_page.chars]
            got = [{k: c[k] for k in KEYS} for c in our_page.chars]
            assert len(got) > 50
            _assert_same(got, expected)
            # The table finder reads rules and boxes: those are pdfplumber's own.
            assert our_page.rects == their_page.rects
            assert our_page.lines == their_page.lines
            assert len(our_page.find_tables()) == len(their_page.find_tables())
        assert any(page.find_tables() for page in ours.pages)


def _assert_same(got: list[dict], expected: list[dict]) -> None:
    assert len(got) == len(expected)
    for g, e in zip(got, expected, strict=True):
        for key in KEYS:
            if isinstance(e[key], float):
                assert g[key] == pytest.approx(e[key], abs=1e-6), key
            else:
                assert g[key] == e[key], key
