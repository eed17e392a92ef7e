"""Register an upload: keep the original, make it a document (or a new version of one)
and leave it for processing.

The original is filed before anything else happens to it, so a file that later fails
to parse is never lost and can be processed again when the parser improves.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.errors import (
    ArchiveBomb,
    DisguisedFile,
    Forbidden,
    IllegalTransition,
    IngestError,
    MacroEnabledDocument,
    NotFound,
    UnsupportedFileType,
)
from ingest import IngestLimits
from ingest.sniff import sniff
from ingest.source import display_name
from store.files import FileStore, Staged
from store.records import DocumentRecord, VersionRecord
from workflow import outbox
from workflow.states import DOCUMENTS, State
from workflow.users import Actor, Permission

log = logging.getLogger(__name__)


#: Files refused at the door (and not kept): not a document type we take, or dangerous.
REFUSED = (UnsupportedFileType, DisguisedFile, MacroEnabledDocument, ArchiveBomb)


@dataclass(frozen=True)
class Registered:
    document: DocumentRecord
    version: VersionRecord
    #: False when the office had uploaded the same content before: nothing new to do.
    created: bool


def register_upload(
    session: Session,
    files: FileStore,
    staged: Staged,
    *,
    actor: Actor,
    filename: str | None,
    limits: IngestLimits,
    document_id: int | None = None,
) -> Registered:
    """File a staged upload as a new document, or as the next version of ``document_id``,
    with the job that will process it (``workflow.outbox``), in the caller's transaction.

    The type is checked from the content first; a file of no format we read
    (``ingest.formats``), or a dangerous one, is refused (and not kept); a damaged one
    is kept and fails in processing with its reason. The same content uploaded again by
    the same office is the same document — also when the uploads arrive at the same
    moment. The original is filed only once the request is allowed; on any refusal the
    staged file is gone.
    """
    try:
        return _register(session, files, staged, actor, filename, limits, document_id)
    except BaseException:
        files.discard(staged)  # nothing once committed: the staged file was moved
        raise


def _register(session, files, staged, actor, filename, limits, document_id) -> Registered:
    actor.require(Permission.UPLOAD)
    name = display_name(filename)
    try:
        with staged.path.open("rb") as stream:
            sniff(stream.read(), name, limits)
    except REFUSED:
        raise
    except IngestError:
        pass  # damaged or encrypted: kept, and processing records why it failed
    existing = _same_content(session, staged.sha256, actor.office)
    if existing is not None:
        files.discard(staged)
        return Registered(existing.document, existing, created=False)
    document = None
    if document_id is not None:
        document = get_document(session, document_id, actor, for_update=True)
        DOCUMENTS.check(document.state, State.PROCESSING)

    try:
        with session.begin_nested():
            registered = _insert(session, staged, actor, name, document)
    except IntegrityError:
        # The same content from the same office committed a moment ago by another
        # request: that is the document (the database's constraint decided the race).
        existing = _same_content(session, staged.sha256, actor.office)
        if existing is None:
            raise
        files.discard(staged)
        return Registered(existing.document, existing, created=False)
    files.commit(staged)
    log.info(
        "upload registered",
        extra={"document_id": registered.document.id, "version": registered.version.number},
    )
    return registered


def _insert(session, staged, actor, name, document) -> Registered:
    if document is None:
        document = DocumentRecord(office=actor.office, uploaded_by=actor.id)
        session.add(document)
        number = 1
    else:
        number = document.current.number + 1
        _reset_decisions(document)
    version = VersionRecord(
        document=document,
        office=document.office,
        number=number,
        sha256=staged.sha256,
        filename=name,
        size=staged.size,
        uploaded_by=actor.id,
    )
    session.add(version)
    facts = {"version": number, "sha256": staged.sha256, "filename": name, "size": staged.size}
    if number == 1:
        DOCUMENTS.start(
            session, document, actor=actor.username, action="document.upload", after=facts
        )
    else:
        DOCUMENTS.move(
            session,
            document,
            State.PROCESSING,
            actor=actor.username,
            action="document.new_version",
            after=facts,
        )
    outbox.add(session, outbox.PROCESS, version.id)
    return Registered(document, version, created=True)


def register_path(
    session: Session, files: FileStore, path: Path, *, actor: Actor, limits: IngestLimits
) -> Registered:
    """``register_upload`` for a file on disk (``serve --load``, batches)."""
    with path.open("rb") as stream:
        staged = files.stage(stream, limits.max_bytes)
    return register_upload(session, files, staged, actor=actor, filename=path.name, limits=limits)


def retry(session: Session, document_id: int, actor: Actor) -> VersionRecord:
    """Send a failed document back to processing."""
    actor.require(Permission.RETRY)
    document = get_document(session, document_id, actor, for_update=True)
    if document.state != State.FAILED:
        raise IllegalTransition(f"only a failed document is retried; this one is {document.state}")
    DOCUMENTS.move(
        session,
        document,
        State.PROCESSING,
        actor=actor.username,
        action="document.retry",
        before={"error_code": document.error_code},
    )
    outbox.add(session, outbox.PROCESS, document.current.id)
    return document.current


def get_document(
    session: Session, document_id: int, actor: Actor, *, for_update: bool = False
) -> DocumentRecord:
    """The document if the actor may read it. Another office's document is answered
    as not found, so its existence is not disclosed either.

    ``for_update``: every change of a document's state or decisions locks its row
    first (``SELECT … FOR UPDATE`` on PostgreSQL; on SQLite every transaction already
    holds the write lock from its start), so two changes never interleave: a new
    version and the decision that would clear the old one, two releases, two reviewers.
    """
    actor.require(Permission.READ)
    document = session.get(
        DocumentRecord, document_id, with_for_update=for_update, populate_existing=for_update
    )
    if document is None or not actor.sees(document):
        raise NotFound(f"no document with id {document_id}")
    return document


def list_documents(
    session: Session,
    actor: Actor,
    *,
    state: str | None = None,
    attribute: str | None = None,
    office: str | None = None,
    overdue_on=None,
    order: str = "newest",
    limit: int = 100,
    offset: int = 0,
) -> tuple[list[DocumentRecord], int]:
    """A page of the documents the actor may see, and how many match: newest first, or
    (``order="uncertainty"``) the least sure suggestion first, so a reviewer spends the
    time where the suggestion helps least; documents without a figure come last."""
    query = _visible(select(DocumentRecord), actor, office)
    if state is not None:
        query = query.where(DocumentRecord.state == state)
    if attribute is not None:
        query = query.where(DocumentRecord.attribute == attribute)
    if overdue_on is not None:
        query = query.where(
            DocumentRecord.disclosure_due < overdue_on,
            DocumentRecord.state.not_in([s.value for s in FINISHED]),
        )
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    ordering = [DocumentRecord.id.desc()]
    if order == "uncertainty":
        uncertainty = DocumentRecord.suggestion["uncertainty"].as_float()
        ordering.insert(0, uncertainty.desc().nulls_last())
    page = query.order_by(*ordering).limit(limit).offset(offset)
    return list(session.scalars(page)), total


def count_by_state(session: Session, actor: Actor, office: str | None = None) -> dict[str, int]:
    """How many of the documents the actor may see are in each state (every state listed)."""
    query = _visible(
        select(DocumentRecord.state, func.count()).group_by(DocumentRecord.state), actor, office
    )
    counts = dict(session.execute(query).all())
    return {s.value: counts.get(s.value, 0) for s in State}


def _visible(query, actor: Actor, office: str | None):
    """``query`` narrowed to the documents ``actor`` may read (and to ``office``)."""
    actor.require(Permission.READ)
    if not actor.all_offices:
        if office is not None and office != actor.office:
            raise Forbidden("a drafter sees only its own office's documents")
        return query.where(DocumentRecord.office == actor.office)
    if office is not None:
        return query.where(DocumentRecord.office == office)
    return query


#: States in which the 第二十六条 deadline no longer runs.
FINISHED = frozenset({State.PUBLISHED, State.REVOKED, State.WITHHELD, State.ON_APPLICATION})


def _same_content(session: Session, sha256: str, office: str) -> VersionRecord | None:
    query = (
        select(VersionRecord)
        .join(DocumentRecord)
        .where(VersionRecord.sha256 == sha256, DocumentRecord.office == office)
        .limit(1)
    )
    return session.scalar(query)


def _reset_decisions(document: DocumentRecord) -> None:
    """A new version is a new text: the earlier decisions were about another one."""
    document.proposed_attribute = document.proposed_ground = document.proposed_by = None
    document.attribute = document.ground = document.category = None
    document.decided_by = document.decided_at = None
    document.error_code = document.error_message = None
