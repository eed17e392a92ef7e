"""Figures for the office and for the annual report (政府信息公开工作年度报告)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from store.records import DocumentRecord, FindingRecord, PublicationRecord, VersionRecord
from workflow.intake import FINISHED
from workflow.users import Actor, Permission


def statistics(session: Session, actor: Actor, *, today: date, office: str | None = None) -> dict:
    actor.require(Permission.STATISTICS)
    scope = [DocumentRecord.office == office] if office else []

    def count_by(column, *where) -> dict[str, int]:
        query = select(column, func.count()).where(*scope, *where).group_by(column)
        return {str(key): n for key, n in session.execute(query).all() if key is not None}

    findings = session.execute(
        select(FindingRecord.category, FindingRecord.decision, func.count())
        .join(VersionRecord, FindingRecord.version_id == VersionRecord.id)
        .join(DocumentRecord, VersionRecord.document_id == DocumentRecord.id)
        .where(*scope)
        .group_by(FindingRecord.category, FindingRecord.decision)
    ).all()
    by_finding: dict[str, dict[str, int]] = {}
    for category, decision, n in findings:
        by_finding.setdefault(category, {})[decision or "undecided"] = n
    overdue = session.scalar(
        select(func.count())
        .select_from(DocumentRecord)
        .where(
            *scope,
            DocumentRecord.disclosure_due < today,
            DocumentRecord.state.not_in([s.value for s in FINISHED]),
        )
    )
    published_this_year = session.scalar(
        select(func.count())
        .select_from(PublicationRecord)
        .join(DocumentRecord, PublicationRecord.document_id == DocumentRecord.id)
        .where(
            *scope,
            PublicationRecord.state.in_(("published", "revoked")),
            func.extract("year", PublicationRecord.published_at) == today.year,
        )
    )
    return {
        "documents": sum(count_by(DocumentRecord.state).values()),
        "by_state": count_by(DocumentRecord.state),
        "by_attribute": count_by(DocumentRecord.attribute),
        "withheld_by_ground": count_by(DocumentRecord.ground),
        "by_category": count_by(DocumentRecord.category),
        "findings_by_category": by_finding,
        "overdue": overdue or 0,
        "published_this_year": published_this_year or 0,
    }
