"""The real bureau reports: their personal names, phone numbers and street addresses are
found, removed from DOCX and PDF renderings, and proven gone; the rest remains."""

from __future__ import annotations

import pytest

from core.datamodel import Category, Redaction
from ingest import extract_bytes
from redact import apply, build_detector
from redact.marks import merged
from tests.conftest import SEEDS
from tests.docgen import render_docx, render_pdf, spec_from_text

SEED_FILES = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
TARGETS = {Category.PERSON_NAME, Category.MOBILE_PHONE, Category.LANDLINE_PHONE, Category.ADDRESS}

pytestmark = [pytest.mark.seeds, pytest.mark.skipif(not SEED_FILES, reason=f"no seeds at {SEEDS}")]


@pytest.fixture(scope="module")
def detector():
    return build_detector()


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name[:3])
@pytest.mark.parametrize("render", [render_docx, render_pdf], ids=["docx", "pdf"])
def test_seed_personal_data_is_removed(path, render, detector):
    data = render(spec_from_text(path.name, path.read_text(encoding="utf-8")))
    document = extract_bytes(data)
    findings = [f for f in detector.detect(document) if f.category in TARGETS]
    spans = [Redaction.from_finding(f) for f in findings]
    out = apply(document, spans, original=data)
    assert out.verification["ok"], out.verification
    assert out.verification["survived"] > 0.99
    assert len(out.entries) == len(merged(spans))
