"""Batches over a folder tree with archives: each file registered once, failures
recorded without stopping the batch, re-runs doing only what is left, a report."""

from __future__ import annotations

import csv
import io
import os
import time
import zipfile
from collections import Counter
from datetime import date

import pytest
from sqlalchemy import func, select

from store.records import AuditRecord, BatchItemRecord, DocumentRecord
from tests.docgen import NOTICE, REQUEST, SECRET, render_docx, render_pdf
from workflow import batch
from workflow.batch_report import build_report, to_csv, to_html
from workflow.batch_run import BatchOptions, run_batch
from workflow.users import Actor, Role

ACTOR = Actor(None, "batch", Role.ADMIN, "人社局")


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "catalogue"
    (root / "2021").mkdir(parents=True)
    (root / "2021" / "请示.docx").write_bytes(render_docx(REQUEST))
    (root / "2021" / "通报.docx").write_bytes(render_docx(SECRET))
    (root / "2021" / "notes.pptx").write_bytes(b"ignored: not a type a batch takes")
    (root / "broken.docx").write_bytes(render_docx(REQUEST)[:3000])
    (root / "photo.pdf").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    with zipfile.ZipFile(root / "2020.zip", "w") as archive:
        archive.writestr("2020/通知.pdf", render_pdf(NOTICE))
        archive.writestr("../../etc/evil.docx", render_docx(REQUEST))
        archive.writestr("inner.zip", b"PK")
    return root


def outcomes(office, batch_id):
    with office.runtime.session() as session:
        items = session.scalars(select(BatchItemRecord).where(BatchItemRecord.batch_id == batch_id))
        return {i.source: (i.outcome, i.error_code) for i in items}


def test_a_tree_with_archives_is_registered_processed_and_reported(office, tree):
    batch_id = run_batch(office.runtime, ACTOR, tree, BatchOptions())
    assert outcomes(office, batch_id) == {
        "2020.zip!/2020/通知.pdf": ("new", None),
        "2020.zip!/../../etc/evil.docx": ("refused", "unsafe_name"),
        "2020.zip!/inner.zip": ("refused", "nested_archive"),
        "2021/请示.docx": ("new", None),
        "2021/通报.docx": ("new", None),
        "broken.docx": ("new", None),
        "photo.pdf": ("refused", "disguised_file"),
    }
    with office.runtime.session() as session:
        states = Counter(session.scalars(select(DocumentRecord.state)))
        assert states == {"in_review": 3, "failed": 1}
        progress = batch.progress(session, batch_id, ACTOR)
        assert (progress.files, progress.done, progress.failed, progress.refused) == (7, 7, 1, 3)
        assert progress.waiting == 0 and progress.state == "done"
        report = build_report(session, batch_id, ACTOR)
    assert report.riskiest[0].source == "2021/通报.docx"  # 密级 marking first
    assert report.attributes == {"主动公开": 1, "不予公开": 2}
    assert report.grounds["国家秘密"] == 1
    assert report.findings["mobile_phone"] == 1
    assert [f[0] for f in report.failures] == [
        "2020.zip!/../../etc/evil.docx",
        "2020.zip!/inner.zip",
        "broken.docx",
        "photo.pdf",
    ]
    html = to_html(report)
    assert "最需优先审查的文件" in html and "&lt;" not in report.root
    assert "../../etc/evil.docx" in html
    csv_text = to_csv(report)
    assert csv_text.count("\n") == 8 and "corrupt_document" in csv_text


def test_a_rerun_skips_what_is_done_and_a_changed_file_is_a_new_version(office, tree):
    first = run_batch(office.runtime, ACTOR, tree, BatchOptions())
    with office.runtime.session() as session:
        processed = session.scalar(
            select(func.count()).where(AuditRecord.action == "document.processed")
        )
    second = run_batch(office.runtime, ACTOR, tree, BatchOptions())
    assert {o for o, _ in outcomes(office, second).values()} == {"unchanged", "refused"}

    (tree / "2021" / "请示.docx").write_bytes(render_docx(NOTICE))  # the same path, new content
    third = run_batch(office.runtime, ACTOR, tree, BatchOptions())
    assert outcomes(office, third)["2021/请示.docx"] == ("new_version", None)
    with office.runtime.session() as session:
        assert session.scalar(select(func.count()).select_from(DocumentRecord)) == 4
        after = session.scalar(
            select(func.count()).where(AuditRecord.action == "document.processed")
        )
        assert after == processed + 1  # only the new version was processed
        assert first != second != third


def test_since_takes_only_files_changed_after_the_date(office, tree):
    old = time.mktime(date(2019, 1, 1).timetuple())
    for path in tree.rglob("*"):
        if path.is_file() and path.name != "请示.docx":
            os.utime(path, (old, old))
    batch_id = run_batch(office.runtime, ACTOR, tree, BatchOptions(since=date(2020, 1, 1)))
    assert list(outcomes(office, batch_id)) == ["2021/请示.docx"]


def test_a_zip_bomb_is_refused_whole(office, tmp_path):
    root = tmp_path / "bomb"
    root.mkdir()
    with zipfile.ZipFile(root / "bomb.zip", "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("big.txt", b"0" * (50 * 1024 * 1024))
    batch_id = run_batch(office.runtime, ACTOR, root, BatchOptions())
    assert outcomes(office, batch_id) == {"bomb.zip": ("refused", "archive_bomb")}


def test_dry_run_survey(tree):
    survey = batch.survey(tree)
    assert survey.files == {"docx": 3, "pdf": 2}
    assert {name for name, _ in survey.problems} == {
        "2020.zip!/../../etc/evil.docx",
        "2020.zip!/inner.zip",
    }


def test_file_names_never_become_formulas_in_the_csv_report(office, tmp_path):
    root = tmp_path / "catalogue"
    root.mkdir()
    for name in ("=cmd|' calc'!A1.docx", "+1+1.docx", "@SUM(A1).docx", "-2.docx"):
        (root / name).write_bytes(render_docx(REQUEST)[:3000])  # failed, so in the report
    batch_id = run_batch(office.runtime, ACTOR, root, BatchOptions())
    with office.runtime.session() as session:
        report = build_report(session, batch_id, ACTOR)
    rows = list(csv.DictReader(io.StringIO(to_csv(report))))
    assert len(rows) == 4
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@")), value
    assert {row["source"] for row in rows} >= {"'=cmd|' calc'!A1.docx", "'@SUM(A1).docx"}
