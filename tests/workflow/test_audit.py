"""The audit trail is append-only in the database and chained by hash."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError

from store.records import AuditRecord
from tests.docgen import REQUEST, render_docx
from workflow import audit


def test_every_step_is_recorded_and_the_chain_verifies(office):
    doc_id = office.upload(render_docx(REQUEST), "请示.docx")
    with office.runtime.session() as session:
        actions = [(e.actor, e.action) for e in audit.trail(session, doc_id)]
        assert actions == [("drafter", "document.upload"), ("system", "document.processed")]
        result = audit.verify(session)
        assert result.ok and result.entries == 6  # four users, then the document


@pytest.mark.parametrize(
    "statement", ["UPDATE audit_trail SET actor = 'x'", "DELETE FROM audit_trail"]
)
def test_the_database_refuses_to_rewrite_history(office, statement):
    office.upload(render_docx(REQUEST), "请示.docx")
    with pytest.raises(DBAPIError, match="append-only"), office.runtime.engine.begin() as c:
        c.execute(sa.text(statement))


def _without_guard(engine, statement: str) -> None:
    """What someone with the database's owner rights could do behind the service's back."""
    with engine.begin() as c:
        if engine.dialect.name == "postgresql":
            c.execute(sa.text("ALTER TABLE audit_trail DISABLE TRIGGER USER"))
            c.execute(sa.text(statement))
            c.execute(sa.text("ALTER TABLE audit_trail ENABLE TRIGGER USER"))
        else:
            c.execute(sa.text("DROP TRIGGER audit_trail_no_update"))
            c.execute(sa.text("DROP TRIGGER audit_trail_no_delete"))
            c.execute(sa.text(statement))


@pytest.mark.parametrize(
    ("statement", "problem"),
    [
        ("UPDATE audit_trail SET actor = 'someone' WHERE seq = 3", "changed"),
        ("DELETE FROM audit_trail WHERE seq = 2", "missing"),
        ("DELETE FROM audit_trail WHERE seq = (SELECT max(seq) FROM audit_trail)", "removed"),
    ],
)
def test_tampering_behind_the_service_is_detected(office, statement, problem):
    office.upload(render_docx(REQUEST), "请示.docx")
    _without_guard(office.runtime.engine, statement)
    with office.runtime.session() as session:
        result = audit.verify(session)
    assert not result.ok
    assert problem in result.problem


def test_concurrent_writers_keep_one_chain(office):
    def append(n: int) -> None:
        with office.runtime.session() as session:
            audit.record(session, actor=f"worker-{n % 4}", action="test.append", after={"n": n})

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(append, range(60)))
    with office.runtime.session() as session:
        result = audit.verify(session)
        assert result.ok, result
        seqs = session.scalars(sa.select(AuditRecord.seq).order_by(AuditRecord.seq)).all()
        assert seqs == list(range(1, len(seqs) + 1))
