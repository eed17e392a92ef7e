"""The documents an application asks for: attached from the catalogue, sent back to the
reviewers for 区分处理, and 第四十四条's offer when several applicants ask for one."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.errors import Conflict, NotReady
from store.records import ApplicationDocumentRecord, ApplicationRecord, DocumentRecord
from workflow import audit
from workflow.applications import (
    attached,
    ensure_open,
    for_handling,
)
from workflow.intake import get_document
from workflow.placeholders import xml_safe
from workflow.states import DOCUMENTS, State
from workflow.users import Actor, Permission


def attach_document(
    session: Session, actor: Actor, application_id: int, document_id: int
) -> ApplicationDocumentRecord:
    """转办/检索: a catalogue document that answers the application."""
    application = for_handling(session, actor, application_id)
    ensure_open(application)
    document = get_document(session, document_id, actor)
    if any(d.document_id == document.id for d in application.documents):
        raise Conflict("该文件已列入本申请（the document is attached already）")
    link = ApplicationDocumentRecord(document_id=document.id, added_by=actor.id)
    application.documents.append(link)
    session.flush()
    audit.record(
        session,
        actor=actor.username,
        action="application.document_attach",
        application_id=application.id,
        document_id=document.id,
        after={"title": document.title, "doc_number": document.doc_number},
    )
    return link


def detach_document(session: Session, actor: Actor, application_id: int, document_id: int) -> None:
    application = for_handling(session, actor, application_id)
    ensure_open(application)
    link = attached(application, document_id)
    application.documents.remove(link)
    session.delete(link)
    audit.record(
        session,
        actor=actor.username,
        action="application.document_detach",
        application_id=application.id,
        document_id=document_id,
    )


def send_to_review(
    session: Session, actor: Actor, application_id: int, document_id: int, note: str | None = None
) -> DocumentRecord:
    """区分处理 starts with the existing review: the document goes back to 审查中, the
    reviewers decide every finding and the attribute again, then the copy is made."""
    application = for_handling(session, actor, application_id)
    ensure_open(application)
    attached(application, document_id)
    document = get_document(session, document_id, actor)
    if document.state == State.QUEUED:
        raise Conflict("文件在发布队列中，发布后再申请审查（the document is being published）")
    note = xml_safe(note or "").strip()
    reason = f"依申请公开 {application.reference}：区分处理前的保密审查" + (
        f"（{note}）" if note else ""
    )
    DOCUMENTS.move(
        session,
        document,
        State.IN_REVIEW,
        actor=actor.username,
        action="document.reopen",
        before={"attribute": document.attribute},
        after={"reason": reason, "application_id": application.id},
    )
    audit.record(
        session,
        actor=actor.username,
        action="application.document_review",
        application_id=application.id,
        document_id=document.id,
        after={"reason": reason},
    )
    return document


@dataclass
class Candidate:
    """第四十四条: a document several applicants asked for, not yet 主动公开."""

    document: DocumentRecord
    applications: list[str] = field(default_factory=list)
    applicants: int = 0


def proactive_candidates(session: Session, actor: Actor, *, threshold: int = 2) -> list[Candidate]:
    actor.require(Permission.READ_APPLICATIONS)
    rows = session.execute(
        select(ApplicationDocumentRecord, ApplicationRecord, DocumentRecord)
        .join(ApplicationRecord, ApplicationDocumentRecord.application_id == ApplicationRecord.id)
        .join(DocumentRecord, ApplicationDocumentRecord.document_id == DocumentRecord.id)
        .where(DocumentRecord.state.in_([State.ON_APPLICATION.value, State.WITHHELD.value]))
        .order_by(DocumentRecord.id, ApplicationRecord.id)
    ).all()
    found: dict[int, Candidate] = {}
    people: dict[int, set] = {}
    for _link, application, document in rows:
        if not (actor.all_offices or application.office == actor.office):
            continue
        candidate = found.setdefault(document.id, Candidate(document))
        candidate.applications.append(application.reference)
        who = (application.applicant_type, (application.applicant or {}).get("name", ""))
        people.setdefault(document.id, set()).add(who)
    out = []
    for document_id, candidate in found.items():
        candidate.applicants = len(people[document_id])
        if candidate.applicants >= threshold:
            out.append(candidate)
    return sorted(out, key=lambda c: (-c.applicants, c.document.id))


def offer_proactive(
    session: Session, actor: Actor, document_id: int, *, threshold: int = 2
) -> DocumentRecord:
    """Send a document several applicants asked for back to review so the reviewers can
    make it 主动公开 (第四十四条); the decision stays theirs."""
    actor.require(Permission.HANDLE_APPLICATIONS)
    candidate = next(
        (
            c
            for c in proactive_candidates(session, actor, threshold=threshold)
            if c.document.id == document_id
        ),
        None,
    )
    if candidate is None:
        raise NotReady(
            f"该文件没有 {threshold} 个以上申请人申请（fewer than {threshold} applicants asked）"
        )
    document = candidate.document
    DOCUMENTS.move(
        session,
        document,
        State.IN_REVIEW,
        actor=actor.username,
        action="document.proactive_offer",
        before={"attribute": document.attribute},
        after={
            "article": "第四十四条",
            "reason": f"{candidate.applicants} 个申请人申请公开相同的政府信息，建议纳入主动公开",
            "applications": candidate.applications,
        },
    )
    return document
