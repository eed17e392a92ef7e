"""Intake stores the original and the parse result, on SQLite and on PostgreSQL alike."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from core.errors import NotFound
from ingest import IngestLimits
from store.db import create_schema, make_engine, make_sessionmaker, session_scope
from store.files import FileStore
from store.records import DocumentRecord
from tests.docgen import NOTICE, REQUEST, render_docx, render_pdf
from workflow.intake import get_document, list_documents, register_upload


@pytest.fixture
def store(db_settings):
    engine = make_engine(db_settings)
    create_schema(engine)
    yield make_sessionmaker(engine), FileStore(db_settings.files_dir)
    engine.dispose()


def test_upload_is_parsed_stored_and_deduplicated(store):
    sessions, files = store
    data = render_pdf(NOTICE)
    with session_scope(sessions) as session:
        record, created = register_upload(
            session=session,
            files=files,
            data=data,
            filename="../../etc/通知.pdf",
            limits=IngestLimits(),
        )
        first_id = record.id
    assert created
    assert record.status == "parsed"
    assert record.filename == "通知.pdf"  # no path from the user survives
    assert record.doc_number == "贺人社发〔2020〕102号"
    assert record.parsed["elements"][0]["name"] == "issuer_mark"
    assert files.get(record.sha256) == data
    assert files.path_for(record.sha256).is_relative_to(files.root)

    with session_scope(sessions) as session:
        again, created = register_upload(
            session=session, files=files, data=data, filename="copy.pdf", limits=IngestLimits()
        )
        assert not created
        assert again.id == first_id
        assert session.scalar(select(func.count()).select_from(DocumentRecord)) == 1


def test_a_file_that_fails_to_parse_is_kept_with_its_reason(store):
    sessions, files = store
    data = render_docx(REQUEST)[:5000]
    with session_scope(sessions) as session:
        record, _ = register_upload(
            session=session, files=files, data=data, filename="cut.docx", limits=IngestLimits()
        )
    assert record.status == "failed"
    assert record.error_code == "corrupt_document"
    assert files.get(record.sha256) == data  # nothing lost: it can be processed again


def test_list_and_get(store):
    sessions, files = store
    with session_scope(sessions) as session:
        for spec, render in ((NOTICE, render_pdf), (REQUEST, render_docx)):
            register_upload(
                session=session,
                files=files,
                data=render(spec),
                filename=spec.name,
                limits=IngestLimits(),
            )
    with session_scope(sessions) as session:
        records = list_documents(session=session)
        assert [r.title for r in records] == [
            "关于申请拨付2021年就业补助资金的请示",
            "贺州市人力资源和社会保障局关于做好2020年度城乡居民基本养老保险待遇调整工作的通知",
        ]
        assert get_document(session=session, document_id=records[0].id).sha256 == records[0].sha256
        with pytest.raises(NotFound):
            get_document(session=session, document_id=10**6)
