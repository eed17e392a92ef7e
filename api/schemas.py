"""API input and output shapes, kept apart from the database tables."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from api.inputs import RequestModel
from core.datamodel import Category, DisclosureAttribute, Ground
from store.records import DocumentRecord, FindingRecord, PublicationRecord, UserRecord
from workflow.declassify import blocked_reason
from workflow.states import State

#: Ids and offsets beyond what the databases store are refused as bad input.
MAX_ID = 2**31 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Offset = Annotated[int, Field(ge=0, le=MAX_ID)]


class DocumentSummary(BaseModel):
    id: int
    office: str
    state: State
    state_label: str
    title: str | None
    doc_number: str | None
    written_date: date | None
    #: 第二十六条: 20 working days after 成文日期.
    disclosure_due: date | None
    publication_blocked: bool
    #: Why it is blocked (the 密级 read, on which version), in Chinese; None if it is not.
    blocked_reason: str | None
    proposed_attribute: DisclosureAttribute | None
    attribute: DisclosureAttribute | None
    ground: Ground | None
    category: str | None
    error_code: str | None
    error_message: str | None
    version: int
    filename: str | None
    media_type: str | None
    size: int
    sha256: str
    page_count: int | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, document: DocumentRecord) -> DocumentSummary:
        version = document.current
        return cls(
            id=document.id,
            office=document.office,
            state=State(document.state),
            state_label=State(document.state).label,
            title=document.title,
            doc_number=document.doc_number,
            written_date=document.written_date,
            disclosure_due=document.disclosure_due,
            publication_blocked=document.publication_blocked,
            blocked_reason=blocked_reason(document) if document.publication_blocked else None,
            proposed_attribute=document.proposed_attribute,
            attribute=document.attribute,
            ground=document.ground,
            category=document.category,
            error_code=document.error_code,
            error_message=document.error_message,
            version=version.number,
            filename=version.filename,
            media_type=version.media_type,
            size=version.size,
            sha256=version.sha256,
            page_count=version.page_count,
            created_at=document.created_at,
            updated_at=document.updated_at,
        )


class FindingOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    start: int
    end: int
    category: str
    text: str
    score: float
    recognizer: str
    explanation: str
    legal_basis: str | None
    suggested_action: str
    action_reason: str
    source: str
    decision: Literal["redact", "keep"] | None
    decision_reason: str | None
    decided_by: int | None
    decided_at: datetime | None
    #: Send it back with a decision: one made on an older revision is refused (409).
    revision: int


class DocumentDetail(DocumentSummary):
    #: ``Suggestion.to_dict``: attribute, probabilities, ground, evidence with spans.
    suggestion: dict[str, Any] | None
    findings: list[FindingOut]
    #: The parsed document, as ``gongkai inspect --json`` prints it (see README).
    parsed: dict[str, Any] | None

    @classmethod
    def of(cls, document: DocumentRecord) -> DocumentDetail:
        summary = DocumentSummary.of(document)
        return cls(
            **summary.model_dump(),
            suggestion=document.suggestion,
            findings=[FindingOut.model_validate(f) for f in document.current.findings],
            parsed=document.current.parsed,
        )


class DocumentList(BaseModel):
    data: list[DocumentSummary]
    count: int
    total: int


#: The document version a decision was made on: a newer one makes it stale (409).
Version = Annotated[int | None, Field(ge=1, le=MAX_ID)]
#: The finding's revision as the client last saw it (409 if it has changed since).
Revision = Annotated[int | None, Field(ge=0, le=MAX_ID)]


class FindingDecisionIn(RequestModel):
    finding_id: Id
    decision: Literal["redact", "keep"]
    reason: str | None = Field(default=None, max_length=2000)
    category: Category | None = None
    revision: Revision = None


class FindingDecisionsIn(RequestModel):
    decisions: list[FindingDecisionIn] = Field(min_length=1, max_length=5000)
    version: Version = None


class SingleDecisionIn(RequestModel):
    decision: Literal["redact", "keep"]
    reason: str | None = Field(default=None, max_length=2000)
    category: Category | None = None
    revision: Revision = None
    version: Version = None


class MatchingDecisionIn(RequestModel):
    """Bulk: all findings of a category, or all occurrences of the same text."""

    decision: Literal["redact", "keep"]
    reason: str | None = Field(default=None, max_length=2000)
    category: Category | None = None
    text: str | None = Field(default=None, max_length=500)
    undecided_only: bool = True


class SeenFinding(RequestModel):
    finding_id: Id
    revision: int = Field(ge=0, le=MAX_ID)


class AcceptSuggestionsIn(RequestModel):
    """Accept the policy's suggestion for every undecided finding (of one category).
    ``expected``: the findings the reviewer was shown and confirmed; if they changed
    since, nothing is decided (409)."""

    category: Category | None = None
    expected: list[SeenFinding] | None = Field(default=None, max_length=5000)
    version: Version = None


class UndoItemIn(RequestModel):
    finding_id: Id
    #: What to restore: null for undecided.
    decision: Literal["redact", "keep"] | None
    reason: str | None = Field(default=None, max_length=2000)
    category: Category | None = None
    revision: Revision = None


class UndoIn(RequestModel):
    restore: list[UndoItemIn] = Field(min_length=1, max_length=5000)
    version: Version = None


class NewFindingIn(RequestModel):
    start: Offset
    end: Offset
    #: Omitted: the category the span's shape suggests (digits → ID or phone …).
    category: Category | None = None
    reason: str | None = Field(default=None, max_length=2000)
    version: Version = None


class ProposalIn(RequestModel):
    attribute: DisclosureAttribute
    ground: Ground | None = None


class AttributeDecisionIn(ProposalIn):
    category: str | None = Field(default=None, max_length=64)
    version: Version = None


class DeclassifyIn(RequestModel):
    #: 解密依据: the 定密机关's notice, the 保密期限 that ran out …
    basis: str = Field(min_length=1, max_length=2000)


class DeclassificationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    document_id: int
    covers_version: int
    basis: str
    decided_at: datetime


class ReopenIn(RequestModel):
    reason: str = Field(min_length=1, max_length=2000)


class RevokeIn(RequestModel):
    kind: Literal["修改", "废止", "失效"]
    effective: date
    successor_document_id: Id | None = None
    reason: str | None = Field(default=None, max_length=2000)


class PublicationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    document_id: int
    version_id: int
    state: str
    path: str | None
    redacted_sha256: str | None
    error: str | None
    queued_at: datetime
    published_at: datetime | None
    revoked_at: datetime | None
    revocation_kind: str | None
    revocation_date: date | None
    successor_document_id: int | None

    @classmethod
    def of(cls, publication: PublicationRecord) -> PublicationOut:
        return cls.model_validate(publication)


class QueueItem(DocumentSummary):
    overdue: bool
    working_days_left: int | None


class AuditEntryOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    seq: int
    at: datetime
    actor: str
    action: str
    document_id: int | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    hash: str


class UserIn(RequestModel):
    username: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.@-]+$")
    role: Literal["drafter", "reviewer", "publisher", "handler", "admin"]
    office: str = Field(min_length=1, max_length=128)
    display_name: str | None = Field(default=None, max_length=128)
    #: For the web page's sign-in; without one the user has its API token only.
    password: str | None = Field(default=None, min_length=8, max_length=256)


class PasswordIn(RequestModel):
    password: str = Field(min_length=8, max_length=256)


class UserOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    username: str
    display_name: str
    role: str
    office: str
    active: bool

    @classmethod
    def of(cls, user: UserRecord) -> UserOut:
        return cls.model_validate(user)


class NewUserOut(UserOut):
    #: Shown once: only its hash is stored.
    token: str


class Health(BaseModel):
    status: str
    database: str
    redis: str


def finding_out(finding: FindingRecord) -> FindingOut:
    return FindingOut.model_validate(finding)
