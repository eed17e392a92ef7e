"""The reviewer's queues: a day's documents with their finding counts, searchable,
sortable and in pages; and the publication queue (cleared or queued only)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from store.records import DocumentRecord, FindingRecord, VersionRecord
from workflow.intake import FINISHED, _visible
from workflow.states import State
from workflow.users import Actor

#: How the queue can be ordered: deadline (overdue first), newest, most undecided, title.
SORTS = ("due", "newest", "undecided", "title")
PAGE_SIZE = 50
#: What the 发布队列 lists: decided for publication, not yet published.
PUBLICATION_STATES = (State.CLEARED, State.QUEUED)


@dataclass(frozen=True)
class QueueRow:
    document: DocumentRecord
    findings: int
    undecided: int


@dataclass(frozen=True)
class QueuePage:
    rows: list[QueueRow]
    total: int
    page: int
    pages: int


def review_queue(
    session: Session,
    actor: Actor,
    *,
    state: str | None = None,
    attribute: str | None = None,
    office: str | None = None,
    media_type: str | None = None,
    search: str | None = None,
    overdue_on: date | None = None,
    sort: str = "due",
    page: int = 1,
    page_size: int = PAGE_SIZE,
) -> QueuePage:
    """One page of the documents ``actor`` may see, with how many findings each has
    and how many are undecided (on its current version), counted in one query."""
    latest = (
        select(VersionRecord.document_id, func.max(VersionRecord.id).label("version_id"))
        .group_by(VersionRecord.document_id)
        .subquery()
    )
    counts = (
        select(
            FindingRecord.version_id,
            func.count().label("findings"),
            func.sum(case((FindingRecord.decision.is_(None), 1), else_=0)).label("undecided"),
        )
        .group_by(FindingRecord.version_id)
        .subquery()
    )
    findings = func.coalesce(counts.c.findings, 0)
    undecided = func.coalesce(counts.c.undecided, 0)
    query = (
        select(DocumentRecord, findings, undecided)
        .join(latest, latest.c.document_id == DocumentRecord.id)
        .join(VersionRecord, VersionRecord.id == latest.c.version_id)
        .outerjoin(counts, counts.c.version_id == latest.c.version_id)
    )
    query = _visible(query, actor, office)
    if state:
        query = query.where(DocumentRecord.state == state)
    if attribute:
        query = query.where(DocumentRecord.attribute == attribute)
    if media_type:
        query = query.where(VersionRecord.media_type == media_type)
    if search and search.strip():
        pattern = "%" + _escape_like(search.strip()) + "%"
        query = query.where(
            or_(
                DocumentRecord.title.ilike(pattern, escape="\\"),
                DocumentRecord.doc_number.ilike(pattern, escape="\\"),
                VersionRecord.filename.ilike(pattern, escape="\\"),
            )
        )
    if overdue_on is not None:
        query = query.where(
            DocumentRecord.disclosure_due < overdue_on,
            DocumentRecord.state.not_in([s.value for s in FINISHED]),
        )
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    order = {
        "due": (DocumentRecord.disclosure_due.is_(None), DocumentRecord.disclosure_due),
        "newest": (DocumentRecord.id.desc(),),
        "undecided": (undecided.desc(),),
        "title": (DocumentRecord.title,),
    }.get(sort, ())
    pages = max(1, -(-total // page_size))
    page = min(max(1, page), pages)
    rows = session.execute(
        query.order_by(*order, DocumentRecord.id).limit(page_size).offset((page - 1) * page_size)
    ).all()
    return QueuePage([QueueRow(d, n, u) for d, n, u in rows], total, page, pages)


def publication_queue(session: Session, actor: Actor, *, limit: int = 500) -> list[DocumentRecord]:
    """What awaits publication: cleared or in the queue, the earliest deadline first."""
    query = _visible(select(DocumentRecord), actor, None).where(
        DocumentRecord.state.in_([s.value for s in PUBLICATION_STATES])
    )
    query = query.order_by(
        DocumentRecord.disclosure_due.is_(None), DocumentRecord.disclosure_due, DocumentRecord.id
    )
    return list(session.scalars(query.limit(limit)))


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
