"""The audit trail: who did what to which document, when, with the before and after.

Entries are only ever appended (the database refuses anything else) and each carries
the sha256 of its content and of the entry before it, so ``verify`` finds any entry
changed, removed or inserted behind the service's back.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from store.records import AuditHead, AuditRecord, utcnow

GENESIS = "0" * 64


def record(
    session: Session,
    *,
    actor: str,
    action: str,
    document_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    application_id: int | None = None,
) -> AuditRecord:
    """Append one entry in the caller's transaction: it commits or rolls back with the
    change it describes."""
    # The UPDATE takes the head's row lock (PostgreSQL) or the write lock (SQLite)
    # before we read it, so concurrent writers queue here instead of forking the chain.
    session.execute(update(AuditHead).where(AuditHead.id == 1).values(seq=AuditHead.seq + 1))
    head = session.get(AuditHead, 1, populate_existing=True)
    assert head is not None, "audit_head is created by the first migration"
    entry = AuditRecord(
        seq=head.seq,
        at=utcnow(),
        actor=actor,
        action=action,
        document_id=document_id,
        application_id=application_id,
        before=_plain(before),
        after=_plain(after),
        prev_hash=head.hash,
    )
    entry.hash = entry_hash(entry)
    head.hash = entry.hash
    session.add(entry)
    session.flush()
    return entry


def serialise(session: Session) -> None:
    """Take the lock ``record`` takes, without writing an entry: work that must not run
    twice at once (numbering) waits here for the other transaction to commit."""
    session.execute(update(AuditHead).where(AuditHead.id == 1).values(seq=AuditHead.seq))


def entry_hash(entry: AuditRecord) -> str:
    body = {
        "seq": entry.seq,
        "at": _utc(entry.at).isoformat(timespec="microseconds"),
        "actor": entry.actor,
        "action": entry.action,
        "document_id": entry.document_id,
        "before": entry.before,
        "after": entry.after,
    }
    # Only entries about an application carry the key, so every entry written before
    # applications existed hashes exactly as it did.
    if entry.application_id is not None:
        body["application_id"] = entry.application_id
    canonical = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256((entry.prev_hash + canonical).encode()).hexdigest()


def trail(session: Session, document_id: int) -> list[AuditRecord]:
    query = select(AuditRecord).where(AuditRecord.document_id == document_id)
    return list(session.scalars(query.order_by(AuditRecord.seq)))


def application_trail(session: Session, application_id: int) -> list[AuditRecord]:
    query = select(AuditRecord).where(AuditRecord.application_id == application_id)
    return list(session.scalars(query.order_by(AuditRecord.seq)))


@dataclass(frozen=True)
class Verification:
    ok: bool
    entries: int
    #: The first entry that does not check out, and why.
    bad_seq: int | None = None
    problem: str | None = None


def verify(session: Session) -> Verification:
    expected_prev, expected_seq, count = GENESIS, 1, 0
    query = select(AuditRecord).order_by(AuditRecord.seq).execution_options(yield_per=1000)
    for entry in session.scalars(query):
        count += 1
        if entry.seq != expected_seq:
            return Verification(False, count, expected_seq, f"entry {expected_seq} is missing")
        if entry.prev_hash != expected_prev:
            return Verification(False, count, entry.seq, "does not chain to the entry before it")
        if entry_hash(entry) != entry.hash:
            return Verification(False, count, entry.seq, "its content was changed")
        expected_prev, expected_seq = entry.hash, expected_seq + 1
    head = session.get(AuditHead, 1)
    if head is None or head.seq != count or head.hash != expected_prev:
        return Verification(False, count, count, "the last entries were removed")
    return Verification(True, count)


def _plain(value: dict[str, Any] | None) -> dict[str, Any] | None:
    """JSON-safe and as it will read back, so the hash is computed on what is stored."""
    if value is None:
        return None
    return json.loads(json.dumps(value, ensure_ascii=False, default=str))


def _utc(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; everything we store is UTC.
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)
