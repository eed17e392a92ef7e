"""The publication queue: release a cleared document, publish it, revoke it.

The publisher writes the truly redacted file, checks it for leaks and files it with
its metadata under the publication target, laid out for a website's 信息公开 section:

    <target>/<document id>/<document id>-v<version><ext>   the redacted file
    <target>/<document id>/meta.json                       its metadata
    <target>/index.json                                    every published item

Publishing is idempotent: running it again for a published document does nothing, and
a run cut short is completed by the next one. A failed leak check publishes nothing and
sends the document back to review.
"""

from __future__ import annotations

import json
import logging
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.datamodel import Category, MediaType, RedactedFile, Redaction
from core.errors import GongkaiError, InvalidInput, NotFound, NotReady, PublicationBlocked
from ingest.formats import default_registry
from redact import apply
from store.files import write_atomic
from store.records import (
    DocumentRecord,
    PublicationRecord,
    UserRecord,
    VersionRecord,
    utcnow,
)
from workflow import outbox
from workflow import parsed as stored_parse
from workflow.declassify import blocked_reason
from workflow.intake import get_document
from workflow.review import REDACT
from workflow.runtime import Runtime
from workflow.states import DOCUMENTS, State
from workflow.users import SYSTEM, Actor, Permission

log = logging.getLogger(__name__)


def extension_of(media_type: MediaType) -> str:
    """The published file's extension, from the format plug-in that writes files of this
    type (``ingest.formats``)."""
    return default_registry().by_media_type(media_type).output_extension


REVOCATION_KINDS = ("修改", "废止", "失效")


def release(session: Session, document_id: int, actor: Actor) -> PublicationRecord:
    """Put a cleared document in the publication queue."""
    actor.require(Permission.RELEASE)
    document = get_document(session, document_id, actor, for_update=True)
    if document.publication_blocked:
        raise PublicationBlocked(blocked_reason(document))
    if document.state in (State.QUEUED, State.PUBLISHED):
        # Released already (a second click, a retried request, four at once): the same
        # publication, not another one.
        live = _live(session, document.current.id)
        if live is not None:
            return live
    DOCUMENTS.check(document.state, State.QUEUED)
    publication = PublicationRecord(
        document_id=document.id, version_id=document.current.id, state="queued"
    )
    session.add(publication)
    session.flush()
    DOCUMENTS.move(
        session,
        document,
        State.QUEUED,
        actor=actor.username,
        action="publication.release",
        after={"publication_id": publication.id},
    )
    outbox.add(session, outbox.PUBLISH, publication.id)
    return publication


def _live(session: Session, version_id: int) -> PublicationRecord | None:
    return session.scalar(
        select(PublicationRecord).where(
            PublicationRecord.version_id == version_id,
            PublicationRecord.state.in_(("queued", "published")),
        )
    )


def preview(runtime: Runtime, session: Session, document_id: int, actor: Actor):
    """The redacted file as it would be published now, from the redactions decided so
    far: for the reviewer to look at before release. Nothing is stored."""
    document = get_document(session, document_id, actor)
    version = document.current
    if version.parsed is None:
        raise NotReady("the document has not been processed")
    redacted, media_type = _redact_original(
        runtime,
        (version.sha256, version.filename, version.media_type),
        confirmed_redactions(session, version),
        reviewed_text=version.parsed["text"],
    )
    return redacted, extension_of(media_type)


def confirmed_redactions(session: Session, version: VersionRecord) -> list[Redaction]:
    """The redactions reviewers confirmed on ``version``, each with who and when."""
    confirmed = [f for f in version.findings if f.decision == REDACT]
    names = dict(
        session.execute(
            select(UserRecord.id, UserRecord.username).where(
                UserRecord.id.in_({f.decided_by for f in confirmed})
            )
        ).all()
    )
    return [
        Redaction(
            f.start,
            f.end,
            Category(f.category),
            f.legal_basis,
            reviewer=names.get(f.decided_by),
            confirmed_at=f.decided_at.isoformat() if f.decided_at else None,
        )
        for f in confirmed
    ]


def _redact_original(
    runtime: Runtime, version_info: tuple, redactions, *, reviewed_text: str
) -> tuple[RedactedFile, MediaType]:
    """Write the stored original redacted, from its stored parse. Offsets were decided
    on the text the reviewers saw, so a file that now reads differently (the parser
    changed) is refused, and publication sends it back to review."""
    sha256, filename, media_type = version_info
    loaded = stored_parse.load(runtime, sha256, filename, media_type)
    if loaded.document.text != reviewed_text:
        raise GongkaiError(
            "文件按当前解析器读出的文字与审查时不同，需重新审查"
            "（the file reads differently now than when it was reviewed）"
        )
    redacted = apply(loaded.document, redactions, original=runtime.files.get(sha256))
    return redacted, redacted.media_type


def publish_document(runtime: Runtime, document_id: int) -> str:
    """The publisher job. Returns the document's state afterwards."""
    target = runtime.settings.publication_target
    with runtime.session() as session:
        document = session.get(DocumentRecord, document_id)
        if document is None or document.state != State.QUEUED:
            return document.state if document else "missing"
        publication = _queued(session, document_id)
        version = session.get(VersionRecord, publication.version_id)
        if version.id != document.current.id or version.parsed is None:
            stale = GongkaiError("发布队列中的版本已不是文件的当前版本，须重新审查")
            return _send_back(runtime, document_id, stale)
        redactions = confirmed_redactions(session, version)
        version_info = (version.sha256, version.filename, version.media_type)
        stored_text = version.parsed["text"]
        version_number = version.number
        meta = _metadata(document, version_number)

    try:
        redacted, media_type = _redact_original(
            runtime, version_info, redactions, reviewed_text=stored_text
        )
    except GongkaiError as exc:
        return _send_back(runtime, document_id, exc)

    relative = f"{document_id}/{document_id}-v{version_number}{extension_of(media_type)}"
    try:
        write_atomic(target / relative, redacted.data)
    except OSError as exc:  # a full disk, a target gone: recorded, not stuck in the queue
        log.exception("writing the published file failed", extra={"document_id": document_id})
        return _send_back(runtime, document_id, GongkaiError(f"写入发布文件失败（{exc}）"))
    meta |= {
        "file": relative,
        "sha256": redacted.sha256,
        "redactions": [e.to_dict() for e in redacted.entries],
    }
    with runtime.session() as session:
        document = session.scalar(
            select(DocumentRecord).where(DocumentRecord.id == document_id).with_for_update()
        )
        if document.state != State.QUEUED:
            return document.state
        publication = _queued(session, document_id)
        publication.state = "published"
        publication.path = relative
        publication.redacted_sha256 = redacted.sha256
        publication.verification = dict(redacted.verification)
        publication.published_at = utcnow()
        meta["published_at"] = publication.published_at.isoformat()
        _write_json(target / str(document_id) / "meta.json", meta)
        DOCUMENTS.move(
            session,
            document,
            State.PUBLISHED,
            actor=SYSTEM.username,
            action="publication.publish",
            after={
                "file": relative,
                "sha256": redacted.sha256,
                "redactions": len(redacted.entries),
            },
        )
        session.flush()
        write_index(session, target)
        log.info("published", extra={"document_id": document_id, "file": relative})
        return document.state


def revoke(
    session: Session,
    document_id: int,
    actor: Actor,
    *,
    kind: str,
    effective: date,
    target: Path,
    successor_id: int | None = None,
    reason: str | None = None,
) -> PublicationRecord:
    """Record 修改/废止/失效 against a published item; its page says so from now on."""
    actor.require(Permission.REVOKE)
    if kind not in REVOCATION_KINDS:
        raise InvalidInput(f"a revocation is one of {'、'.join(REVOCATION_KINDS)}")
    document = get_document(session, document_id, actor, for_update=True)
    DOCUMENTS.check(document.state, State.REVOKED)
    if successor_id is not None:
        if successor_id == document_id:
            raise InvalidInput("a document cannot succeed itself")
        get_document(session, successor_id, actor)
    publication = _latest(session, document_id, "published")
    publication.state = "revoked"
    publication.revoked_at = utcnow()
    publication.revocation_kind = kind
    publication.revocation_date = effective
    publication.successor_document_id = successor_id
    DOCUMENTS.move(
        session,
        document,
        State.REVOKED,
        actor=actor.username,
        action="publication.revoke",
        after={
            "kind": kind,
            "effective": effective,
            "successor_document_id": successor_id,
            "reason": reason,
        },
    )
    session.flush()
    meta_path = target / str(document_id) / "meta.json"
    if meta_path.exists():
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        meta["revocation"] = _revocation(publication)
        _write_json(meta_path, meta)
    write_index(session, target)
    return publication


def publications_of(session: Session, document_id: int, actor: Actor) -> list[PublicationRecord]:
    get_document(session, document_id, actor)
    query = select(PublicationRecord).where(PublicationRecord.document_id == document_id)
    return list(session.scalars(query.order_by(PublicationRecord.id)))


def write_index(session: Session, target: Path) -> None:
    """Rewrite index.json from the database, so it always matches the records."""
    rows = session.execute(
        select(PublicationRecord, DocumentRecord)
        .join(DocumentRecord, PublicationRecord.document_id == DocumentRecord.id)
        .where(PublicationRecord.state.in_(("published", "revoked")))
        .order_by(PublicationRecord.published_at.desc())
    ).all()
    items = [
        _metadata(document, None)
        | {
            "file": publication.path,
            "published_at": publication.published_at.isoformat()
            if publication.published_at
            else None,
            "revocation": _revocation(publication),
        }
        for publication, document in rows
    ]
    _write_json(target / "index.json", {"generated_at": utcnow().isoformat(), "items": items})


def _send_back(runtime: Runtime, document_id: int, exc: GongkaiError) -> str:
    """A failed leak check (or an unreadable file) publishes nothing: back to review."""
    with runtime.session() as session:
        document = session.get(DocumentRecord, document_id)
        if document.state != State.QUEUED:
            return document.state
        publication = _queued(session, document_id)
        publication.state = "failed"
        publication.error = exc.message
        DOCUMENTS.move(
            session,
            document,
            State.IN_REVIEW,
            actor=SYSTEM.username,
            action="publication.failed",
            after={"error_code": exc.code, "error": exc.message},
        )
    log.warning("publication failed; back to review", extra={"document_id": document_id})
    return State.IN_REVIEW.value


def _latest(session: Session, document_id: int, state: str) -> PublicationRecord | None:
    return session.scalar(
        select(PublicationRecord)
        .where(PublicationRecord.document_id == document_id, PublicationRecord.state == state)
        .order_by(PublicationRecord.id.desc())
    )


def _queued(session: Session, document_id: int) -> PublicationRecord:
    publication = _latest(session, document_id, "queued")
    if publication is None:
        raise NotFound(f"document {document_id} has nothing in the publication queue")
    return publication


def _metadata(document: DocumentRecord, version: int | None) -> dict:
    out = {
        "id": document.id,
        "title": document.title,
        "doc_number": document.doc_number,
        "written_date": document.written_date.isoformat() if document.written_date else None,
        "office": document.office,
        "attribute": document.attribute,
        "category": document.category,
    }
    if version is not None:
        out["version"] = version
    return out


def _revocation(publication: PublicationRecord) -> dict | None:
    if publication.revocation_kind is None:
        return None
    return {
        "kind": publication.revocation_kind,
        "effective": publication.revocation_date.isoformat()
        if publication.revocation_date
        else None,
        "successor_document_id": publication.successor_document_id,
    }


def _write_json(path: Path, value: dict) -> None:
    data = json.dumps(value, ensure_ascii=False, indent=2).encode("utf-8")
    write_atomic(path, data)


#: Documents whose 第二十六条 deadline is running, as the queue view shows them.
PENDING = (State.IN_REVIEW, State.CLEARED, State.QUEUED)


def pending_publication(
    session: Session, actor: Actor, *, limit: int = 200
) -> list[DocumentRecord]:
    """Documents still on their way to publication, the earliest deadline first."""
    actor.require(Permission.READ)
    query = select(DocumentRecord).where(DocumentRecord.state.in_([s.value for s in PENDING]))
    if not actor.all_offices:
        query = query.where(DocumentRecord.office == actor.office)
    query = query.order_by(DocumentRecord.disclosure_due.asc(), DocumentRecord.id).limit(limit)
    return list(session.scalars(query))
