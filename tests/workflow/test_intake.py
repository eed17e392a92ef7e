"""Intake files the original before anything else, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from core.errors import Forbidden, IllegalTransition, NotFound, UnsupportedFileType
from ingest import IngestLimits
from store.records import DocumentRecord, VersionRecord
from tests.docgen import NOTICE, REQUEST, render_docx, render_pdf
from workflow import intake


def test_upload_is_processed_stored_and_deduplicated_per_office(office):
    data = render_pdf(NOTICE)
    doc_id = office.upload(data, "../../etc/通知.pdf")
    with office.runtime.session() as session:
        document = intake.get_document(session, doc_id, office.drafter)
        version = document.current
        assert document.state == "in_review"
        assert document.office == "办公室"
        assert version.filename == "通知.pdf"  # no path from the user survives
        assert document.doc_number == "贺人社发〔2020〕102号"
        assert document.written_date.isoformat() == "2020-03-05"
        assert document.disclosure_due.isoformat() == "2020-04-02"
        assert document.suggestion["attribute"] == "主动公开"
        assert version.parsed["elements"][0]["name"] == "issuer_mark"
        assert office.runtime.files.get(version.sha256) == data

    assert office.upload(data, "copy.pdf") == doc_id  # same office, same content
    other = office.upload(data, "copy.pdf", actor=office.other_drafter)
    assert other != doc_id  # another office's document is its own
    with office.runtime.session() as session:
        assert session.scalar(select(func.count()).select_from(DocumentRecord)) == 2


def test_a_file_that_fails_to_parse_is_kept_with_its_reason_and_can_be_retried(office):
    data = render_docx(REQUEST)[:5000]
    doc_id = office.upload(data, "cut.docx")
    with office.runtime.session() as session:
        document = intake.get_document(session, doc_id, office.drafter)
        assert document.state == "failed"
        assert document.error_code == "corrupt_document"
        assert office.runtime.files.get(document.current.sha256) == data  # nothing lost
        version = intake.retry(session, doc_id, office.drafter)
        assert document.state == "processing"
        assert version.id == document.current.id


def test_a_file_of_another_type_is_refused_and_not_kept(office):
    limits = IngestLimits()
    with office.runtime.session() as session:
        staged = office.runtime.files.stage(
            io.BytesIO(b"MZ\x90\x00" + b"\0" * 500), limits.max_bytes
        )
        with pytest.raises(UnsupportedFileType):
            intake.register_upload(
                session,
                office.runtime.files,
                staged,
                actor=office.drafter,
                filename="x.pdf",
                limits=limits,
            )
    assert not staged.path.exists()
    assert not list((office.runtime.files.root / "originals").glob("*/*"))


def test_a_new_version_is_processed_afresh_and_resets_the_decisions(office):
    doc_id = office.upload(render_docx(REQUEST), "请示.docx")
    from workflow import review

    with office.runtime.session() as session:
        review.propose_attribute(session, doc_id, office.drafter, "依申请公开")
    office.upload(render_pdf(REQUEST), "请示.pdf", document_id=doc_id)
    with office.runtime.session() as session:
        document = intake.get_document(session, doc_id, office.drafter)
        assert [v.number for v in document.versions] == [1, 2]
        assert document.current.media_type == "application/pdf"
        assert document.state == "in_review"
        assert document.proposed_attribute is None
        assert session.scalar(select(func.count()).select_from(VersionRecord)) == 2


def test_offices_and_roles_bound_what_is_seen(office):
    doc_id = office.upload(render_pdf(NOTICE), "通知.pdf")
    with office.runtime.session() as session:
        with pytest.raises(NotFound):  # another office's document does not exist for it
            intake.get_document(session, doc_id, office.other_drafter)
        assert intake.list_documents(session, office.other_drafter) == ([], 0)
        with pytest.raises(Forbidden):
            intake.list_documents(session, office.other_drafter, office="办公室")
        seen, total = intake.list_documents(session, office.reviewer)
        assert [d.id for d in seen] == [doc_id] and total == 1
        assert intake.count_by_state(session, office.reviewer)["in_review"] == 1
        assert set(intake.count_by_state(session, office.other_drafter).values()) == {0}
        with pytest.raises(Forbidden):
            intake.count_by_state(session, office.other_drafter, office="办公室")
        with pytest.raises(Forbidden):
            intake.register_upload(
                session,
                office.runtime.files,
                None,
                actor=office.reviewer,
                filename="x",
                limits=IngestLimits(),
            )
        with pytest.raises(IllegalTransition):
            intake.retry(session, doc_id, office.drafter)  # it did not fail


def test_sweep_removes_only_what_no_record_owns(office, tmp_path):
    import os
    import time

    from workflow.sweep import sweep

    doc_id = office.upload(b"\xe9\x80\x9a\xe7\x9f\xa5\n", "a.txt")
    files = office.runtime.files
    stale = files.stage(io.BytesIO(b"left by a request that died"), 1000)
    orphan = files.put("0" * 64, b"filed, then the transaction rolled back")
    fresh = files.stage(io.BytesIO(b"a request still running"), 1000)
    old = time.time() - 3 * 24 * 3600
    for path in (stale.path, orphan):
        os.utime(path, (old, old))
    with office.runtime.session() as session:
        version = session.get(DocumentRecord, doc_id).current
        kept = files.path_for(version.sha256)
        os.utime(kept, (old, old))  # old, but a version refers to it
        listed = sweep(session, files, dry_run=True)
        assert set(listed.staged) == {stale.path} and set(listed.originals) == {orphan}
        assert stale.path.exists()
        sweep(session, files, dry_run=False)
    assert not stale.path.exists() and not orphan.exists()
    assert fresh.path.exists() and kept.exists()
