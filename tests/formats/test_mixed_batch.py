"""A batch over a back catalogue holding every format, and bad files of several: each
file registered and processed once, each bad one a typed failure or refusal (its
original kept where it is a document), the batch never stopped, a re-run doing nothing."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from ingest.convert import soffice_binary
from store.records import AuditRecord, BatchItemRecord, DocumentRecord
from tests.docgen import NOTICE, REQUEST, render_docx, render_pdf
from tests.formats.badfiles import encrypted_office, png_claiming, zip_bomb_xlsx
from tests.formats.fixtures import (
    SECOND_PICTURE,
    libreoffice_convert,
    ofd_with_picture,
    rows,
    subsidy_csv,
    subsidy_workbook,
)
from tests.formats.scans import as_file, scanned
from tests.redact.test_redaction import CASE
from workflow.batch_report import build_report
from workflow.batch_run import BatchOptions, run_batch
from workflow.users import Actor, Role

ACTOR = Actor(None, "batch", Role.ADMIN, "人社局")
OFD = Path(__file__).parent / "data" / "ofd" / "invoice.ofd"

pytestmark = pytest.mark.skipif(soffice_binary() is None, reason="LibreOffice is not installed")


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    people = rows(4, seed=9)
    workbook = subsidy_workbook(people)
    return {
        "2019/通知.pdf": render_pdf(NOTICE),
        "2019/请示.docx": render_docx(REQUEST),
        "2019/公示.txt": "关于张晓燕等人的公示\n张晓燕，电话13907745678。\n".encode("gbk"),
        "2020/名单.xlsx": workbook,
        "2020/名单.csv": subsidy_csv(people),
        "2020/扫描件.png": as_file(scanned(), "PNG"),
        "2021/报告.doc": libreoffice_convert(render_docx(CASE), ".docx", "doc:MS Word 97"),
        "2021/发票.ofd": OFD.read_bytes(),
        "2022/扫描件.ofd": ofd_with_picture(
            as_file(scanned(seed=4), "JPEG"),
            SECOND_PICTURE,
            ofd_with_picture(as_file(scanned(seed=3), "JPEG")),
        ),
        # Bad ones:
        "bad/截断.xlsx": workbook[: len(workbook) // 2],
        "bad/损坏.png": b"\x89PNG\r\n\x1a\n" + b"\x07" * 200,
        "bad/巨图.png": png_claiming(30000, 30000),
        "bad/加密.docx": encrypted_office(),
        "bad/炸弹.xlsx": zip_bomb_xlsx(workbook),
        "bad/伪装.pdf": "其实是文本".encode(),
        "bad/图片损坏.ofd": ofd_with_picture(b"JB2\x00 a picture nobody decodes"),
    }


EXPECTED = {
    "2019/通知.pdf": ("new", "in_review", None),
    "2019/请示.docx": ("new", "in_review", None),
    "2019/公示.txt": ("new", "in_review", None),
    "2020/名单.xlsx": ("new", "in_review", None),
    "2020/名单.csv": ("new", "in_review", None),
    "2020/扫描件.png": ("new", "in_review", None),
    "2021/报告.doc": ("new", "in_review", None),
    "2021/发票.ofd": ("new", "in_review", None),
    "2022/扫描件.ofd": ("new", "in_review", None),
    "bad/截断.xlsx": ("new", "failed", "corrupt_document"),
    "bad/损坏.png": ("new", "failed", "corrupt_document"),
    "bad/巨图.png": ("new", "failed", "image_too_large"),
    "bad/加密.docx": ("new", "failed", "encrypted_document"),
    "bad/炸弹.xlsx": ("refused", None, "archive_bomb"),
    "bad/伪装.pdf": ("refused", None, "disguised_file"),
    "bad/图片损坏.ofd": ("new", "failed", "corrupt_document"),
}


def test_every_format_and_every_bad_file_once(office, tmp_path, files):
    root = tmp_path / "archive"
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    batch_id = run_batch(office.runtime, ACTOR, root, BatchOptions())
    with office.runtime.session() as session:
        items = list(
            session.scalars(select(BatchItemRecord).where(BatchItemRecord.batch_id == batch_id))
        )
        got = {}
        for item in items:
            document = session.get(DocumentRecord, item.document_id) if item.document_id else None
            state = document.state if document else None
            code = document.error_code if document else item.error_code
            got[item.source] = (item.outcome, state, code)
            if document is not None:  # the original is kept, whatever became of it
                assert office.runtime.files.get(document.current.sha256) == files[item.source]
        processed = session.scalar(
            select(func.count()).where(AuditRecord.action == "document.processed")
        )
        media = Counter(
            d.current.media_type for d in session.scalars(select(DocumentRecord)) if d.suggestion
        )
    assert got == EXPECTED
    assert processed == 9
    with office.runtime.session() as session:
        report = build_report(session, batch_id, ACTOR)
    # The scan was read, confidently: nothing is left needing OCR or a check of it.
    assert report.needs_ocr == []
    assert {source for source, _, _ in report.failures} == {
        name for name, (_, state, code) in EXPECTED.items() if code
    }
    assert len(media) == 8  # eight formats, each its own plug-in

    again = run_batch(office.runtime, ACTOR, root, BatchOptions())
    with office.runtime.session() as session:
        outcomes = Counter(
            session.scalars(
                select(BatchItemRecord.outcome).where(BatchItemRecord.batch_id == again)
            )
        )
        assert (
            session.scalar(select(func.count()).where(AuditRecord.action == "document.processed"))
            == processed
        )
    assert outcomes == {"unchanged": 14, "refused": 2}
