"""Legacy word processing and spreadsheets through LibreOffice in a sandbox: .doc,
.wps, .rtf, .odt into DOCX and .xls, .et into XLSX; then the DOCX/XLSX path, with the
published file's format in the redaction log. The fixtures are written by LibreOffice
itself from documents built in code."""

from __future__ import annotations

import re
import subprocess

import pytest

from core.datamodel import Category, MediaType, Redaction
from core.errors import ConversionFailed, ConversionTimedOut
from ingest import IngestLimits, extract_bytes
from ingest.convert import convert, soffice_binary
from redact import apply, build_detector
from redact.log import log_record
from tests.docgen import render_docx
from tests.formats.fixtures import libreoffice_convert, rows, subsidy_workbook
from tests.redact.test_redaction import CASE, ID, SECRETS

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(soffice_binary() is None, reason="LibreOffice is not installed"),
]
WORD_TARGETS = {
    ".doc": ("doc:MS Word 97", MediaType.DOC),
    ".rtf": ("rtf:Rich Text Format", MediaType.RTF),
    ".odt": ("odt:writer8", MediaType.ODT),
}


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def word_files() -> dict[str, bytes]:
    docx = render_docx(CASE)
    return {ext: libreoffice_convert(docx, ".docx", target) for ext, (target, _) in
            WORD_TARGETS.items()}  # fmt: skip


@pytest.mark.parametrize("ext", sorted(WORD_TARGETS))
def test_legacy_word_files_are_read_redacted_and_published_as_docx(word_files, ext):
    data = word_files[ext]
    document = extract_bytes(data, filename=f"报告{ext}")
    assert document.media_type == WORD_TARGETS[ext][1]
    assert document.size == len(data)
    # The text as the source states it (LibreOffice keeps every character).
    for line in CASE.lines:
        if line.text:
            assert squash(line.text) in squash(document.text), line.text
    assert any("LibreOffice" in w for w in document.warnings)
    findings = build_detector(use_ner=False).detect(document)
    assert {f.text for f in findings if f.category == Category.ID_CARD} >= {ID}

    spans = [
        Redaction(m.start(), m.end(), Category.PERSON_NAME)
        for s in SECRETS
        for m in re.finditer(re.escape(s), document.text)
    ]
    redacted = apply(document, spans, original=data)
    assert redacted.media_type == MediaType.DOCX and redacted.verification["ok"]
    record = log_record(document, redacted)
    assert record["document"]["media_type"] == WORD_TARGETS[ext][1].value
    assert record["output"]["media_type"] == MediaType.DOCX.value
    out = extract_bytes(redacted.data, filename="out.docx").text
    for secret in SECRETS:
        assert secret not in out
    assert "劳动保障监察投诉处理情况的报告" in out


def test_a_wps_file_is_a_word_97_file_by_another_name(word_files):
    document = extract_bytes(word_files[".doc"], filename="报告.wps")
    assert document.media_type == MediaType.WPS
    assert ID in document.text


@pytest.mark.parametrize("ext", [".xls", ".et"])
def test_legacy_workbooks_go_through_xlsx(ext):
    people = rows(3)
    xls = libreoffice_convert(subsidy_workbook(people, extras=False), ".xlsx", "xls:MS Excel 97")
    document = extract_bytes(xls, filename=f"名单{ext}")
    assert document.media_type == (MediaType.XLS if ext == ".xls" else MediaType.ET)
    held = {document.text[b.start : b.end]: b.holds for b in document.blocks if b.holds}
    assert held[people[0][1]] == "id_card" and held[people[0][0]] == "person_name"
    spans = [Redaction(b.start, b.end, Category(b.holds)) for b in document.blocks if b.holds]
    redacted = apply(document, spans, original=xls)
    assert redacted.media_type == MediaType.XLSX and redacted.verification["ok"]


def test_a_damaged_legacy_file_is_a_typed_failure_and_nothing_is_left_running(word_files):
    doc = word_files[".doc"]
    damaged = doc[:512] + b"\xff" * (len(doc) // 2 - 512) + doc[len(doc) // 2 :]
    with pytest.raises(ConversionFailed):
        extract_bytes(damaged, filename="坏.doc")
    _no_soffice_left()


def test_a_conversion_that_takes_too_long_is_stopped(word_files):
    with pytest.raises(ConversionTimedOut):
        convert(word_files[".odt"] + b" ", ".odt", "docx", timeout=0.3)
    _no_soffice_left()
    with pytest.raises(ConversionTimedOut):
        extract_bytes(
            word_files[".rtf"] + b" ",
            filename="慢.rtf",
            limits=IngestLimits(conversion_timeout=0.3),
        )


def _no_soffice_left():
    # Our conversions run in profiles under a "gongkai-lo-" temporary folder.
    found = subprocess.run(["pgrep", "-f", "gongkai-lo-"], capture_output=True, check=False)
    assert found.stdout.strip() == b"", found.stdout


def test_legacy_files_convert_inside_the_budgeted_processing_child(word_files, tmp_path):
    # The sandbox child has lower hard limits than LibreOffice asks for itself: the
    # conversion must keep within them, not fail to start (it did: "Exception occurred
    # in preexec_fn", a processing_failed for every .doc in the embedded server).
    from tests.conftest import make_settings
    from workflow import sandbox

    settings = make_settings(tmp_path, processing_seconds=60)
    good = tmp_path / "报告.doc"
    good.write_bytes(word_files[".doc"])
    analysis = sandbox.analyse(settings, str(good), good.name)
    assert analysis.document.media_type == MediaType.DOC
    assert ID in {f.text for f in analysis.findings}
    junk = tmp_path / "junk.rtf"
    junk.write_bytes(b"{\\rtf1" + b"\\" * 5000)
    with pytest.raises(ConversionFailed):
        sandbox.analyse(settings, str(junk), junk.name)
    _no_soffice_left()
