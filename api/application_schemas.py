"""Input and output shapes of the 依申请公开 routes.

``ApplicationOut`` carries the applicant's name and contact details only for a role
that may read them (``APPLICANT_DETAILS``); for every other role they are ``null`` and
``applicant_hidden`` says why they are missing.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from api.inputs import RequestModel
from core.config import Settings
from store.records import ApplicationRecord, DocumentRecord
from workflow.application_types import (
    APPLICANT_TYPE_LABELS,
    CONSULTATION_LABELS,
    REMEDY_LABELS,
    REMEDY_OUTCOMES,
    REPLY,
    REPLY_TYPES,
    ApplicantType,
    Channel,
    ConsultationKind,
    RemedyKind,
)
from workflow.applications import deadline_facts
from workflow.states import ApplicationState, State
from workflow.users import Actor, Permission

Short = Field(default=None, max_length=500)
ReplyCode = Literal[tuple(r.code for r in REPLY_TYPES)]  # type: ignore[valid-type]


class ApplicantIn(RequestModel):
    name: str = Field(min_length=1, max_length=500)
    id_document: str | None = Short
    contact_person: str | None = Short
    phone: str | None = Short
    email: str | None = Short
    address: str | None = Short
    postcode: str | None = Short


class ApplicationIn(RequestModel):
    received_on: date
    channel: Channel
    applicant_type: ApplicantType
    applicant: ApplicantIn
    description: str = Field(min_length=1, max_length=4000)
    form: Literal["纸质", "电子文档", "其他"] | None = None
    delivery_wanted: Literal["邮寄", "电子邮件", "当面领取", "传真", "网络", "其他"] | None = None


class CorrectionIn(RequestModel):
    sent_on: date | None = None
    correct_by: date
    items: str = Field(min_length=1, max_length=4000)


class CorrectionReceivedIn(RequestModel):
    received_on: date | None = None
    description: str | None = Field(default=None, max_length=4000)


class ConsultationIn(RequestModel):
    kind: ConsultationKind
    party: str = Field(min_length=1, max_length=500)
    sent_on: date | None = None


class ConsultationEndIn(RequestModel):
    outcome: Literal["agreed", "objected", "no_answer"]
    answered_on: date | None = None


class ExtensionIn(RequestModel):
    days: int = Field(ge=1, le=20)
    approver: str = Field(min_length=1, max_length=128)
    reason: str = Field(min_length=1, max_length=2000)
    on: date | None = None


class AttachIn(RequestModel):
    document_id: int = Field(ge=1, le=2**31 - 1)


class ReviewNoteIn(RequestModel):
    note: str | None = Field(default=None, max_length=2000)


class ReplyIn(RequestModel):
    reply_type: ReplyCode
    reason: str | None = Field(default=None, max_length=4000)
    replied_on: date | None = None


class DeliveryIn(RequestModel):
    method: Literal["邮寄", "电子邮件", "当面送达", "传真", "网络", "其他"]
    delivered_on: date | None = None
    reference: str | None = Field(default=None, max_length=128)


class ClosingIn(RequestModel):
    on: date | None = None
    reference: str | None = Field(default=None, max_length=128)


class RemedyIn(RequestModel):
    kind: RemedyKind
    filed_on: date


class RemedyDecisionIn(RequestModel):
    outcome: Literal["upheld", "corrected", "other"]
    decided_on: date


class ConsultationOut(BaseModel):
    id: int
    kind: str
    kind_label: str
    #: Who was asked; ``null`` for roles that do not read applicants' details.
    party: str | None
    sent_on: date
    limit_on: date
    answered_on: date | None
    outcome: str | None


class AttachedDocumentOut(BaseModel):
    document_id: int
    title: str | None
    doc_number: str | None
    state: str
    state_label: str
    attribute: str | None
    has_copy: bool
    copy_current: bool
    redactions: int | None
    copy_sha256: str | None


class RemedyOut(BaseModel):
    id: int
    kind: str
    kind_label: str
    filed_on: date
    outcome: str | None
    outcome_label: str
    decided_on: date | None


class ApplicationOut(BaseModel):
    id: int
    reference: str
    office: str
    state: ApplicationState
    state_label: str
    received_on: date
    channel: str
    applicant_type: str
    applicant_type_label: str
    applicant: dict[str, str] | None
    applicant_hidden: bool
    description: str
    form: str | None
    delivery_wanted: str | None
    suggestion: dict[str, Any] | None
    due_on: date | None
    calendar_complete: bool
    working_days_left: int | None
    overdue: bool
    correction_notice_due: date
    correction_sent_on: date | None
    correction_due_on: date | None
    correction_received_on: date | None
    correction_items: str | None
    extension_days: int | None
    extension_approver: str | None
    extension_reason: str | None
    extended_on: date | None
    reply_type: str | None
    reply_label: str | None
    reply_article: str | None
    reply_reason: str | None
    replied_on: date | None
    has_letter: bool
    delivery_method: str | None
    delivery_reference: str | None
    delivered_on: date | None
    closed_on: date | None
    archived_on: date | None
    archive_reference: str | None
    consultations: list[ConsultationOut]
    documents: list[AttachedDocumentOut]
    remedies: list[RemedyOut]
    created_at: datetime

    @classmethod
    def of(
        cls,
        application: ApplicationRecord,
        actor: Actor,
        settings: Settings,
        session: Session,
        today: date | None = None,
    ) -> ApplicationOut:
        details = actor.can(Permission.APPLICANT_DETAILS)
        facts = deadline_facts(application, settings, today or date.today())
        reply = REPLY.get(application.reply_type or "")
        documents = []
        for link in application.documents:
            document = session.get(DocumentRecord, link.document_id)
            documents.append(
                AttachedDocumentOut(
                    document_id=document.id,
                    title=document.title,
                    doc_number=document.doc_number,
                    state=document.state,
                    state_label=State(document.state).label,
                    attribute=document.attribute,
                    has_copy=link.copy_path is not None,
                    copy_current=link.version_id == document.current.id,
                    redactions=link.redactions,
                    copy_sha256=link.copy_sha256,
                )
            )
        return cls(
            id=application.id,
            reference=application.reference,
            office=application.office,
            state=ApplicationState(application.state),
            state_label=ApplicationState(application.state).label,
            received_on=application.received_on,
            channel=application.channel,
            applicant_type=application.applicant_type,
            applicant_type_label=APPLICANT_TYPE_LABELS[ApplicantType(application.applicant_type)],
            applicant=dict(application.applicant) if details else None,
            applicant_hidden=not details,
            description=application.description,
            form=application.form,
            delivery_wanted=application.delivery_wanted,
            suggestion=application.suggestion,
            due_on=facts["due_on"],
            calendar_complete=facts["calendar_complete"],
            working_days_left=facts["working_days_left"],
            overdue=facts["overdue"],
            correction_notice_due=facts["correction_notice_due"],
            correction_sent_on=application.correction_sent_on,
            correction_due_on=application.correction_due_on,
            correction_received_on=application.correction_received_on,
            correction_items=application.correction_items,
            extension_days=application.extension_days,
            extension_approver=application.extension_approver,
            extension_reason=application.extension_reason,
            extended_on=application.extended_on,
            reply_type=application.reply_type,
            reply_label=reply.title if reply else None,
            reply_article=reply.article if reply else None,
            reply_reason=application.reply_reason,
            replied_on=application.replied_on,
            has_letter=application.letter is not None,
            delivery_method=application.delivery_method,
            delivery_reference=application.delivery_reference,
            delivered_on=application.delivered_on,
            closed_on=application.closed_on,
            archived_on=application.archived_on,
            archive_reference=application.archive_reference,
            consultations=[
                ConsultationOut(
                    id=c.id,
                    kind=c.kind,
                    kind_label=CONSULTATION_LABELS[ConsultationKind(c.kind)],
                    party=c.party if details else None,
                    sent_on=c.sent_on,
                    limit_on=c.limit_on,
                    answered_on=c.answered_on,
                    outcome=c.outcome,
                )
                for c in application.consultations
            ],
            documents=documents,
            remedies=[
                RemedyOut(
                    id=r.id,
                    kind=r.kind,
                    kind_label=REMEDY_LABELS[RemedyKind(r.kind)],
                    filed_on=r.filed_on,
                    outcome=r.outcome,
                    outcome_label=REMEDY_OUTCOMES.get(r.outcome or "", "尚未审结"),
                    decided_on=r.decided_on,
                )
                for r in application.remedies
            ],
            created_at=application.created_at,
        )


class ApplicationList(BaseModel):
    data: list[ApplicationOut]
    count: int
    total: int


class ApplicationQueueItem(BaseModel):
    id: int
    reference: str
    state: ApplicationState
    state_label: str
    received_on: date
    applicant_type_label: str
    description: str
    what: str
    due: date | None
    working_days_left: int | None
    overdue: bool


class ReplyTypeOut(BaseModel):
    code: str
    group: str
    label: str
    article: str
    provides: bool


class CandidateOut(BaseModel):
    document_id: int
    title: str | None
    doc_number: str | None
    state: str
    applicants: int
    applications: list[str]


class ApplicationAuditOut(BaseModel):
    seq: int
    at: datetime
    actor: str
    action: str
    document_id: int | None
    application_id: int | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    hash: str
