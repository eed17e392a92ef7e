"""The real bureau reports in ../shared/seeds round-trip through text, DOCX and PDF."""

from __future__ import annotations

import re

import pytest

from core.datamodel import ElementName
from ingest import extract_bytes
from tests.conftest import IN_CI, SEEDS
from tests.docgen import drawable, render_docx, render_pdf, spec_from_text

SEED_FILES = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []

if not SEED_FILES and IN_CI:
    raise RuntimeError(f"CI must have the seeds at {SEEDS}")

pytestmark = [
    pytest.mark.seeds,
    pytest.mark.skipif(not SEED_FILES, reason=f"no seeds at {SEEDS}"),
]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(params=SEED_FILES, ids=lambda p: p.name[:3])
def seed(request) -> tuple[str, str]:
    return request.param.name, request.param.read_text(encoding="utf-8")


def test_seed_as_text_in_utf8_and_gb18030(seed):
    name, text = seed
    for encoding in ("utf-8", "gb18030"):
        document = extract_bytes(text.encode(encoding), filename=name)
        assert document.text.replace("\n", "") == text.replace("\r\n", "\n").replace("\n", "")
        title = document.element(ElementName.TITLE)
        first = text.splitlines()[0].strip()
        if len(first) <= 80 and not first.endswith(("。", "；", "：")):
            assert title is not None and title.value.startswith(squash(first))
        else:  # the report opens with a sentence: it has no title line
            assert title is None


def test_seed_through_docx(seed):
    name, text = seed
    spec = spec_from_text(name, text)
    document = extract_bytes(render_docx(spec))
    assert squash(document.text.replace("— 1 —", "")) == squash(spec.body_text())


def test_seed_through_pdf(seed):
    name, text = seed
    spec = spec_from_text(name, text)
    document = extract_bytes(render_pdf(spec))
    body = "".join(
        document.text[b.start : b.end] for b in document.blocks if b.kind.value == "paragraph"
    )
    assert squash(body) == squash(drawable(spec.body_text()))
    assert document.page_count >= 5
    # Every paragraph of the source is one block: wrapped lines were joined, also
    # across page breaks.
    paragraphs = [drawable(squash(line)) for line in spec.body_text().split("\n")]
    blocks = [
        squash(document.text[b.start : b.end])
        for b in document.blocks
        if b.kind.value == "paragraph"
    ]
    assert blocks == paragraphs
