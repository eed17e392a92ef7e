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
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
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
    publication_blocked: Mapped[bool] = mapped_column(Boolean, default=False)
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
    __table_args__ = (UniqueConstraint("document_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
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


class PublicationRecord(Base):
    """A document's way through the publication queue, and what became of it there."""

    __tablename__ = "publications"

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
