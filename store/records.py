"""Database tables. Input and output schemas of the API live in ``api.schemas``.

The schema is created and changed only by the Alembic migrations in
``store/migrations``; these classes must match them (a test compares the two).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC on the way in and out; SQLite would hand back naive values."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class Base(DeclarativeBase):
    type_annotation_map: ClassVar = {datetime: UTCDateTime}


class UserRecord(Base):
    """A person or a batch account. The API token is stored only as its sha256, the
    web page's password only as its argon2 hash."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(128))
    role: Mapped[str] = mapped_column(String(16))
    office: Mapped[str] = mapped_column(String(128), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: None until a password is set: such a user signs in with its token only (API).
    password_hash: Mapped[str | None] = mapped_column(String(255))
    #: Wrong passwords since the last good one; enough of them lock the account.
    failed_logins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())


class WebSessionRecord(Base):
    """A signed-in browser. The cookie holds a random value stored only as its sha256;
    it is no API token, expires, and is revoked on logout."""

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: Put in the page's forms (logout, password): a foreign site cannot read it.
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class DocumentRecord(Base):
    """One document of one office: its state, its suggestion and the decisions on it.

    The files themselves are versions; the document follows its latest version.
    """

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    office: Mapped[str] = mapped_column(String(128), index=True)
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    state: Mapped[str] = mapped_column(String(32), index=True)
    error_code: Mapped[str | None] = mapped_column(String(64))
    error_message: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    doc_number: Mapped[str | None] = mapped_column(String(128))
    written_date: Mapped[date | None] = mapped_column(Date)  # 成文日期
    #: 第二十六条: 20 working days after 成文日期 (or after upload, without one).
    disclosure_due: Mapped[date | None] = mapped_column(Date, index=True)
    #: ``Suggestion.to_dict(text)`` of the latest processing.
    suggestion: Mapped[dict | None] = mapped_column(JSON)
    #: Kept equal to ``workflow.declassify.is_blocked``: a 密级 not lifted by a 解密 record.
    publication_blocked: Mapped[bool] = mapped_column(Boolean, default=False)
    #: The highest version that carried a 密级 (clear or unclear) and that marking.
    marked_version: Mapped[int | None] = mapped_column(Integer)
    secrecy: Mapped[dict | None] = mapped_column(JSON)
    # 初审: the drafting office's proposal.
    proposed_attribute: Mapped[str | None] = mapped_column(String(16))
    proposed_ground: Mapped[str | None] = mapped_column(String(32))
    proposed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # 复审: the reviewer's decision, which is what counts.
    attribute: Mapped[str | None] = mapped_column(String(16), index=True)
    ground: Mapped[str | None] = mapped_column(String(32))
    category: Mapped[str | None] = mapped_column(String(64))
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    versions: Mapped[list[VersionRecord]] = relationship(
        back_populates="document", order_by="VersionRecord.number"
    )

    @property
    def current(self) -> VersionRecord:
        return self.versions[-1]


class VersionRecord(Base):
    """One file of a document, stored by content hash and never modified."""

    __tablename__ = "document_versions"
    #: One document per office and content: six identical uploads at the same moment
    #: make one document, whichever insert the database takes first.
    __table_args__ = (
        UniqueConstraint("document_id", "number"),
        UniqueConstraint("office", "sha256", name="uq_versions_office_content"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    #: The document's office, repeated here for the constraint above.
    office: Mapped[str] = mapped_column(String(128))
    number: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    filename: Mapped[str | None] = mapped_column(String(255))
    media_type: Mapped[str | None] = mapped_column(String(128))
    size: Mapped[int] = mapped_column(BigInteger)
    page_count: Mapped[int | None] = mapped_column(Integer)
    #: ``Document.to_dict()`` without character boxes; empty until processed.
    parsed: Mapped[dict | None] = mapped_column(JSON)
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    document: Mapped[DocumentRecord] = relationship(back_populates="versions")
    findings: Mapped[list[FindingRecord]] = relationship(
        back_populates="version", order_by="FindingRecord.start"
    )


class FindingRecord(Base):
    """A span that may have to go, and the reviewer's decision on it."""

    __tablename__ = "findings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("document_versions.id"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    category: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    score: Mapped[float] = mapped_column(Float)
    recognizer: Mapped[str] = mapped_column(String(64))
    explanation: Mapped[str] = mapped_column(Text)
    legal_basis: Mapped[str | None] = mapped_column(Text)
    #: The policy's suggestion: redact, review or keep, and why.
    suggested_action: Mapped[str] = mapped_column(String(16))
    action_reason: Mapped[str] = mapped_column(Text, default="")
    #: "detector", or "reviewer" for a span a reviewer added.
    source: Mapped[str] = mapped_column(String(16), default="detector")
    #: None until decided; "redact" (confirmed) or "keep" (rejected, with a reason).
    decision: Mapped[str | None] = mapped_column(String(16))
    decision_reason: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: Counts the decisions on this finding: a decision names the revision it was made
    #: on, so one made on a page loaded before someone else decided is refused.
    revision: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    version: Mapped[VersionRecord] = relationship(back_populates="findings")


class DeclassificationRecord(Base):
    """解密: an authorised decision, with its basis, that the 密级 markings read so far
    (up to ``covers_version``) no longer stand in the way of publication."""

    __tablename__ = "declassifications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    covers_version: Mapped[int] = mapped_column(Integer)
    basis: Mapped[str] = mapped_column(Text)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class PublicationRecord(Base):
    """A document's way through the publication queue, and what became of it there."""

    __tablename__ = "publications"
    #: A version is in the queue or published once at most (a failed or revoked
    #: publication does not count).
    __table_args__ = (
        Index(
            "uq_publications_live_version",
            "version_id",
            unique=True,
            sqlite_where=text("state IN ('queued', 'published')"),
            postgresql_where=text("state IN ('queued', 'published')"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("document_versions.id"))
    #: queued, published, failed (sent back to review) or revoked
    state: Mapped[str] = mapped_column(String(16), index=True)
    #: Relative to the publication target; never built from a user's file name.
    path: Mapped[str | None] = mapped_column(String(512))
    redacted_sha256: Mapped[str | None] = mapped_column(String(64))
    verification: Mapped[dict | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text)
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # 修改/废止/失效 of a published item.
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revocation_kind: Mapped[str | None] = mapped_column(String(8))
    revocation_date: Mapped[date | None] = mapped_column(Date)
    successor_document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))


class JobRecord(Base):
    """The outbox: work a transaction asked for, written with it, sent to the queue
    after it commits, and sent again by the reconciler while it is not done.

    ``kind`` process (``subject_id`` a version) or publish (a publication)."""

    __tablename__ = "jobs"
    __table_args__ = (UniqueConstraint("kind", "subject_id", name="uq_jobs_subject"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    subject_id: Mapped[int] = mapped_column(Integer)
    #: pending (not yet on the queue), sent, running, done, failed
    state: Mapped[str] = mapped_column(String(16), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    #: Refreshed by the worker while it runs the job: a stale one means a lost worker.
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class AuditRecord(Base):
    """Append-only: the database refuses updates and deletes (see the migration), and
    each entry carries the hash of the one before, so a rewritten history shows."""

    __tablename__ = "audit_trail"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, unique=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    document_id: Mapped[int | None] = mapped_column(Integer, index=True)
    #: The application (依申请公开) the entry is about, if any; an entry may name both.
    application_id: Mapped[int | None] = mapped_column(Integer, index=True)
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """One row: the last entry's number and hash. Updating it first serialises writers,
    so two transactions can never chain to the same predecessor."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger)
    hash: Mapped[str] = mapped_column(String(64))


class BatchRecord(Base):
    """One run of ``gongkai batch`` over a folder of the back catalogue."""

    __tablename__ = "batches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    office: Mapped[str] = mapped_column(String(128), index=True)
    root: Mapped[str] = mapped_column(Text)  # as the operator gave it, for display
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    options: Mapped[dict | None] = mapped_column(JSON)
    #: registering, processing, done
    state: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    items: Mapped[list[BatchItemRecord]] = relationship(
        back_populates="batch", order_by="BatchItemRecord.id"
    )


class BatchItemRecord(Base):
    """One file the batch met, and what became of it."""

    __tablename__ = "batch_items"
    __table_args__ = (UniqueConstraint("batch_id", "source"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("batches.id"), index=True)
    #: Path under the batch root; ``archive.zip!/inner.pdf`` for a member of a zip.
    source: Mapped[str] = mapped_column(Text)
    size: Mapped[int | None] = mapped_column(BigInteger)
    sha256: Mapped[str | None] = mapped_column(String(64))
    #: new, new_version, unchanged, refused
    outcome: Mapped[str] = mapped_column(String(16))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"), index=True)
    version_id: Mapped[int | None] = mapped_column(ForeignKey("document_versions.id"))
    error_code: Mapped[str | None] = mapped_column(String(64))
    error_message: Mapped[str | None] = mapped_column(Text)

    batch: Mapped[BatchRecord] = relationship(back_populates="items")


class SourceRecord(Base):
    """Which document a file of an office's catalogue became, so a changed file is
    recognised as a new version of it rather than a new document."""

    __tablename__ = "sources"
    __table_args__ = (UniqueConstraint("office", "source"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    office: Mapped[str] = mapped_column(String(128))
    source: Mapped[str] = mapped_column(Text)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))
    sha256: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class ApplicationRecord(Base):
    """One 政府信息公开申请 (第二十七条 onward), from registration to its archive.

    ``applicant`` holds the applicant's name, 身份证明 and contact details: personal data
    that only the roles handling applications read, and that no audit entry, report or
    published file ever carries.
    """

    __tablename__ = "applications"
    __table_args__ = (UniqueConstraint("office", "year", "seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    office: Mapped[str] = mapped_column(String(128), index=True)
    #: 申请编号 is ``year``-``seq``: numbered per office and year of receipt.
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int | None] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(16), index=True)
    received_on: Mapped[date] = mapped_column(Date, index=True)  # 第三十一条
    channel: Mapped[str] = mapped_column(String(16))
    applicant_type: Mapped[str] = mapped_column(String(32))
    applicant: Mapped[dict] = mapped_column(JSON)
    description: Mapped[str] = mapped_column(Text)
    #: 获取信息的形式和方式 (第二十九条第（三）项)
    form: Mapped[str | None] = mapped_column(String(32))
    delivery_wanted: Mapped[str | None] = mapped_column(String(32))
    #: ``Suggestion.to_dict`` of the request's description.
    suggestion: Mapped[dict | None] = mapped_column(JSON)
    #: The reply deadline now (第三十三条), None while the clock waits for a 补正.
    due_on: Mapped[date | None] = mapped_column(Date, index=True)
    # 补正 (第三十条): notice sent, the applicant's time limit, correction received.
    correction_sent_on: Mapped[date | None] = mapped_column(Date)
    correction_due_on: Mapped[date | None] = mapped_column(Date)
    correction_received_on: Mapped[date | None] = mapped_column(Date)
    correction_items: Mapped[str | None] = mapped_column(Text)
    # One extension of at most 20 working days (第三十三条第二款).
    extension_days: Mapped[int | None] = mapped_column(Integer)
    extension_approver: Mapped[str | None] = mapped_column(String(128))
    extension_reason: Mapped[str | None] = mapped_column(Text)
    extended_on: Mapped[date | None] = mapped_column(Date)
    # The reply (第三十六条): its type (a Table 三 row), reason, date and letter.
    reply_type: Mapped[str | None] = mapped_column(String(16), index=True)
    reply_reason: Mapped[str | None] = mapped_column(Text)
    replied_on: Mapped[date | None] = mapped_column(Date, index=True)
    replied_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    letter: Mapped[dict | None] = mapped_column(JSON)
    # 邮寄/送达, 办结, 归档
    delivery_method: Mapped[str | None] = mapped_column(String(32))
    delivery_reference: Mapped[str | None] = mapped_column(String(128))
    delivered_on: Mapped[date | None] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)
    archived_on: Mapped[date | None] = mapped_column(Date)
    archive_reference: Mapped[str | None] = mapped_column(String(128))
    registered_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    consultations: Mapped[list[ConsultationRecord]] = relationship(
        back_populates="application", order_by="ConsultationRecord.id"
    )
    documents: Mapped[list[ApplicationDocumentRecord]] = relationship(
        back_populates="application", order_by="ApplicationDocumentRecord.id"
    )
    remedies: Mapped[list[RemedyRecord]] = relationship(
        back_populates="application", order_by="RemedyRecord.id"
    )

    @property
    def reference(self) -> str:
        return f"{self.year}-{self.seq:04d}" if self.seq is not None else f"{self.year}-?"


class ConsultationRecord(Base):
    """A third party's or another agency's opinion sought (第三十二条, 第三十四条): the
    working days it takes, 15 at most, do not count against the reply deadline."""

    __tablename__ = "application_consultations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    #: third_party (第三十二条) or agency (第三十四条)
    kind: Mapped[str] = mapped_column(String(16))
    #: Who was asked: may be a private person, so shown only to the handling roles.
    party: Mapped[str] = mapped_column(Text)
    sent_on: Mapped[date] = mapped_column(Date)
    #: The 15th working day after ``sent_on``: silence past it ends the consultation.
    limit_on: Mapped[date] = mapped_column(Date)
    answered_on: Mapped[date | None] = mapped_column(Date)
    #: agreed, objected, no_answer
    outcome: Mapped[str | None] = mapped_column(String(16))

    application: Mapped[ApplicationRecord] = relationship(back_populates="consultations")


class ApplicationDocumentRecord(Base):
    """A catalogue document an application asks for, and the copy made for the applicant
    (truly redacted from the reviewers' confirmed findings, with its redaction log)."""

    __tablename__ = "application_documents"
    __table_args__ = (UniqueConstraint("application_id", "document_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    added_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: The copy: which version it was made from, where it is (relative to the data
    #: directory, built from ids only), its hash and how many spans were removed.
    version_id: Mapped[int | None] = mapped_column(ForeignKey("document_versions.id"))
    copy_path: Mapped[str | None] = mapped_column(String(512))
    copy_sha256: Mapped[str | None] = mapped_column(String(64))
    redactions: Mapped[int | None] = mapped_column(Integer)
    copy_log: Mapped[dict | None] = mapped_column(JSON)
    copied_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    application: Mapped[ApplicationRecord] = relationship(back_populates="documents")


class RemedyRecord(Base):
    """A 行政复议 or 行政诉讼 brought over an application, and its outcome (Table 四)."""

    __tablename__ = "application_remedies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    #: review (行政复议), litigation (未经复议直接起诉), litigation_after_review (复议后起诉)
    kind: Mapped[str] = mapped_column(String(32))
    filed_on: Mapped[date] = mapped_column(Date)
    #: upheld (维持), corrected (纠正), other (其他结果); None while pending (尚未审结)
    outcome: Mapped[str | None] = mapped_column(String(16))
    decided_on: Mapped[date | None] = mapped_column(Date)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    application: Mapped[ApplicationRecord] = relationship(back_populates="remedies")


class CatalogueEntryRecord(Base):
    """A document's place in the 政府信息公开目录: its 索引号, assigned once and never
    changed, and the text the catalogue search reads (title, 发文字号 and body)."""

    __tablename__ = "catalogue_entries"
    __table_args__ = (UniqueConstraint("code", "year", "seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), unique=True)
    #: The 机构代码 the number was made with: numbers run per code and year.
    code: Mapped[str] = mapped_column(String(64))
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    index_number: Mapped[str] = mapped_column(String(128), unique=True)
    #: The version whose text ``search_text`` holds.
    version_id: Mapped[int | None] = mapped_column(ForeignKey("document_versions.id"))
    search_text: Mapped[str] = mapped_column(Text, default="")
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class AnnualReportRecord(Base):
    """What an office enters for its 政府信息公开工作年度报告: the figures that come from
    other systems (许可, 处罚, 强制, 收费, 信息处理费) and the narrative sections' text."""

    __tablename__ = "annual_reports"
    __table_args__ = (UniqueConstraint("office", "year"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: "" for the whole 机关 (every office together).
    office: Mapped[str] = mapped_column(String(128))
    year: Mapped[int] = mapped_column(Integer)
    figures: Mapped[dict] = mapped_column(JSON)
    narrative: Mapped[dict] = mapped_column(JSON)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
