"""Back-catalogue batches: walk a folder tree (and the zip archives in it), register each
file once, process them, follow progress, report.

Registration is keyed on content: a file the office registered before is skipped; a file
whose path is known but whose content changed becomes a new version of that document.
Re-running a batch after a crash does only what is left, and a document still in
``processing`` (its worker died) is sent to processing again — processing is
idempotent, so nothing is done twice.
"""

from __future__ import annotations

import logging
import os
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from pathlib import Path, PurePosixPath

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.errors import ArchiveBomb, GongkaiError, IllegalTransition, InvalidInput, NotFound
from ingest import IngestLimits
from ingest.formats import default_registry
from ingest.sniff import check_archive_bounds
from store.files import FileStore
from store.records import (
    BatchItemRecord,
    BatchRecord,
    DocumentRecord,
    SourceRecord,
    VersionRecord,
    utcnow,
)
from workflow import audit, intake
from workflow.states import State
from workflow.users import Actor, Permission

log = logging.getLogger(__name__)


def taken(suffix: str) -> bool:
    """What a batch takes, by name: every format plug-in's extensions. Anything else in
    the tree is ignored (not an error)."""
    return suffix in default_registry().extensions


#: A zip of the back catalogue may hold many documents: bounds of its own.
ARCHIVE_LIMITS = IngestLimits(
    max_uncompressed_bytes=20 * 1024**3, max_archive_members=200_000, max_compression_ratio=200
)


@dataclass(frozen=True)
class SourceFile:
    """A file of the tree or a member of a zip in it. ``name`` is for display and for
    recognising the file next time; it never becomes a path we open."""

    name: str
    size: int
    mtime: float
    open: object  # () -> binary stream


def walk(root: Path, *, since: date | None = None) -> Iterator[SourceFile | tuple[str, str]]:
    """Every candidate file under ``root`` in a stable order; a problem with a file or
    an archive is yielded as ``(name, reason)`` instead, and the walk goes on."""
    root = root.resolve()
    if not root.is_dir():
        raise InvalidInput(f"{root} is not a folder")
    threshold = datetime.combine(since, datetime.min.time()).timestamp() if since else None
    for folder, dirs, files in os.walk(root, followlinks=False):
        dirs.sort()
        for name in sorted(files):
            path = Path(folder) / name
            relative = path.relative_to(root).as_posix()
            if name.startswith(".") or path.is_symlink():
                continue  # hidden files; links could point out of the tree
            suffix = path.suffix.lower()
            stat = path.stat()
            if threshold is not None and stat.st_mtime < threshold:
                continue
            if suffix == ".zip":
                yield from _members(path, relative, threshold)
            elif taken(suffix):
                yield SourceFile(relative, stat.st_size, stat.st_mtime, partial(path.open, "rb"))


def _members(path: Path, relative: str, threshold: float | None):
    try:
        archive = zipfile.ZipFile(path)
        members = [m for m in archive.infolist() if not m.is_dir()]
        check_archive_bounds(members, ARCHIVE_LIMITS)
    except (zipfile.BadZipFile, OSError) as exc:
        yield relative, f"corrupt_document: the archive cannot be read: {exc}"
        return
    except ArchiveBomb as exc:
        yield relative, f"{exc.code}: {exc.message}"
        return
    for member in sorted(members, key=lambda m: m.filename):
        name = _member_name(member.filename)
        if name is None:
            yield f"{relative}!/{member.filename}", "unsafe_name: the name leaves the archive"
            continue
        suffix = PurePosixPath(name).suffix.lower()
        if suffix == ".zip":
            yield f"{relative}!/{name}", "nested_archive: archives inside archives are not opened"
        elif taken(suffix):
            mtime = datetime(*member.date_time).timestamp()
            if threshold is not None and mtime < threshold:
                continue

            def opener(member=member, archive=archive):
                return archive.open(member)

            yield SourceFile(f"{relative}!/{name}", member.file_size, mtime, opener)


def _member_name(raw: str) -> str | None:
    """The member's path inside the archive, or None when it tries to climb out of it."""
    name = raw.replace("\\", "/")
    parts = PurePosixPath(name).parts
    if name.startswith("/") or ".." in parts or (parts and ":" in parts[0]):
        return None
    return "/".join(parts)


def start_batch(
    session: Session, actor: Actor, root: Path, *, options: dict | None = None
) -> BatchRecord:
    actor.require(Permission.UPLOAD)
    batch = BatchRecord(
        office=actor.office,
        root=str(root),
        created_by=actor.id,
        options=options or {},
        state="registering",
    )
    session.add(batch)
    session.flush()
    audit.record(
        session,
        actor=actor.username,
        action="batch.start",
        after={"batch_id": batch.id, "root": str(root), "options": options or {}},
    )
    return batch


def register_source(
    session: Session,
    files: FileStore,
    batch: BatchRecord,
    source: SourceFile,
    *,
    actor: Actor,
    limits: IngestLimits,
) -> BatchItemRecord:
    """Register one file of the batch; a problem with it is recorded on its item."""
    item = session.scalar(
        select(BatchItemRecord).where(
            BatchItemRecord.batch_id == batch.id, BatchItemRecord.source == source.name
        )
    )
    if item is not None:
        return item  # this batch met it already (the command was re-run)
    item = BatchItemRecord(batch_id=batch.id, source=source.name, size=source.size)
    try:
        with source.open() as stream:
            staged = files.stage(stream, limits.max_bytes)
        item.sha256 = staged.sha256
        known = session.scalar(
            select(SourceRecord).where(
                SourceRecord.office == actor.office, SourceRecord.source == source.name
            )
        )
        changed = known is not None and known.sha256 != staged.sha256
        registered = intake.register_upload(
            session,
            files,
            staged,
            actor=actor,
            filename=PurePosixPath(source.name).name,
            limits=limits,
            document_id=known.document_id if changed else None,
        )
    except GongkaiError as exc:
        item.outcome = "refused"
        item.error_code, item.error_message = exc.code, exc.message
        if isinstance(exc, IllegalTransition):
            item.error_message = f"changed, but the document cannot take a new version: {exc}"
    except (OSError, zipfile.BadZipFile) as exc:
        item.outcome = "refused"
        item.error_code, item.error_message = "unreadable", f"the file cannot be read: {exc}"
    else:
        item.document_id, item.version_id = registered.document.id, registered.version.id
        if not registered.created:
            item.outcome = "unchanged"
        else:
            item.outcome = "new_version" if changed else "new"
        if known is None:
            session.add(
                SourceRecord(
                    office=actor.office,
                    source=source.name,
                    document_id=registered.document.id,
                    sha256=staged.sha256,
                )
            )
        else:
            known.document_id, known.sha256 = registered.document.id, staged.sha256
    session.add(item)
    session.flush()
    return item


def record_problem(session: Session, batch: BatchRecord, name: str, reason: str) -> None:
    """A file or archive the walk could not take, e.g. a damaged zip or a member whose
    name climbs out of its archive."""
    exists = session.scalar(
        select(BatchItemRecord).where(
            BatchItemRecord.batch_id == batch.id, BatchItemRecord.source == name
        )
    )
    if exists is None:
        code, _, message = reason.partition(": ")
        session.add(
            BatchItemRecord(
                batch_id=batch.id,
                source=name,
                outcome="refused",
                error_code=code,
                error_message=message or reason,
            )
        )


@dataclass(frozen=True)
class Survey:
    """What a dry run finds: files by type, their size, and problems."""

    files: dict[str, int]
    bytes: int
    problems: list[tuple[str, str]]


def survey(root: Path, *, since: date | None = None) -> Survey:
    files: dict[str, int] = {}
    size, problems = 0, []
    for source in walk(root, since=since):
        if isinstance(source, tuple):
            problems.append(source)
            continue
        kind = PurePosixPath(source.name).suffix.lower().lstrip(".")
        files[kind] = files.get(kind, 0) + 1
        size += source.size
    return Survey(files, size, problems)


def pending_versions(session: Session, batch_id: int) -> list[int]:
    """Latest versions of the batch's documents still waiting for processing: new ones,
    and any a crashed worker left behind."""
    documents = (
        select(DocumentRecord.id)
        .join(BatchItemRecord, BatchItemRecord.document_id == DocumentRecord.id)
        .where(BatchItemRecord.batch_id == batch_id, DocumentRecord.state == State.PROCESSING)
    )
    latest = (
        select(func.max(VersionRecord.id))
        .where(VersionRecord.document_id.in_(documents))
        .group_by(VersionRecord.document_id)
    )
    return sorted(session.scalars(latest))


@dataclass(frozen=True)
class Progress:
    batch_id: int
    state: str
    files: int
    registered: int
    processed: int  # processing finished, failed or not
    failed: int
    refused: int
    waiting: int
    started_at: datetime
    finished_at: datetime | None
    #: Files whose outcome is known: refused, or their document processed (or failed).
    settled: int = 0

    @property
    def done(self) -> int:
        return self.settled

    def rate(self, now: datetime) -> float:
        seconds = ((self.finished_at or now) - self.started_at).total_seconds()
        return self.done / seconds if seconds > 0 else 0.0

    def eta_seconds(self, now: datetime) -> float | None:
        rate = self.rate(now)
        return self.waiting / rate if rate > 0 else None

    def to_dict(self, now: datetime) -> dict:
        return {
            "batch_id": self.batch_id,
            "state": self.state,
            "files": self.files,
            "done": self.done,
            "processed": self.processed,
            "failed": self.failed,
            "refused": self.refused,
            "waiting": self.waiting,
            "rate_per_second": round(self.rate(now), 2),
            "eta_seconds": round(eta) if (eta := self.eta_seconds(now)) is not None else None,
            "started_at": self.started_at,
            "finished_at": self.finished_at,
        }


def progress(session: Session, batch_id: int, actor: Actor) -> Progress:
    batch = get_batch(session, batch_id, actor)
    outcomes = dict(
        session.execute(
            select(BatchItemRecord.outcome, func.count())
            .where(BatchItemRecord.batch_id == batch_id)
            .group_by(BatchItemRecord.outcome)
        ).all()
    )
    states = dict(
        session.execute(
            select(DocumentRecord.state, func.count(func.distinct(DocumentRecord.id)))
            .join(BatchItemRecord, BatchItemRecord.document_id == DocumentRecord.id)
            .where(BatchItemRecord.batch_id == batch_id)
            .group_by(DocumentRecord.state)
        ).all()
    )
    files = sum(outcomes.values())
    refused = outcomes.get("refused", 0)
    documents = sum(states.values())
    waiting = states.get(State.PROCESSING, 0) + states.get(State.UPLOADED, 0)
    # Files, not documents: a file whose content another file already brought (the same
    # attachment zipped twice) is settled when that document is.
    unsettled = session.scalar(
        select(func.count())
        .select_from(BatchItemRecord)
        .join(DocumentRecord, BatchItemRecord.document_id == DocumentRecord.id)
        .where(
            BatchItemRecord.batch_id == batch_id,
            DocumentRecord.state.in_((State.PROCESSING.value, State.UPLOADED.value)),
        )
    )
    return Progress(
        batch_id=batch.id,
        state=batch.state,
        files=files,
        registered=documents,
        processed=documents - waiting,
        failed=states.get(State.FAILED, 0),
        refused=refused,
        waiting=waiting,
        started_at=batch.created_at,
        finished_at=batch.finished_at,
        settled=files - (unsettled or 0),
    )


def finish(session: Session, batch_id: int, actor: Actor) -> None:
    batch = get_batch(session, batch_id, actor)
    batch.state, batch.finished_at = "done", utcnow()
    audit.record(session, actor=actor.username, action="batch.finish", after={"batch_id": batch_id})


def get_batch(session: Session, batch_id: int, actor: Actor) -> BatchRecord:
    actor.require(Permission.READ)
    batch = session.get(BatchRecord, batch_id)
    if batch is None or not (actor.all_offices or batch.office == actor.office):
        raise NotFound(f"no batch with id {batch_id}")
    return batch


def list_batches(session: Session, actor: Actor, limit: int = 50) -> list[BatchRecord]:
    actor.require(Permission.READ)
    query = select(BatchRecord).order_by(BatchRecord.id.desc()).limit(limit)
    if not actor.all_offices:
        query = query.where(BatchRecord.office == actor.office)
    return list(session.scalars(query))
