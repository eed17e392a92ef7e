"""The applicant's copy of a document (第三十七条 区分处理): written by the same true
redaction as publication, from the findings the reviewers confirmed, with its
redaction log (JSON and printable HTML) beside it.

A copy is made only of a document the 复审 has decided with every finding decided:
what the applicant receives has been through the same review as what is published.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy.orm import Session

from core.datamodel import MediaType
from core.errors import NotReady
from redact.log import log_html, log_record
from store.files import write_atomic
from store.records import ApplicationDocumentRecord, utcnow
from workflow import audit, publish
from workflow.applications import DECIDED, application_dir, attached, ensure_open, for_handling
from workflow.intake import get_document
from workflow.runtime import Runtime
from workflow.states import State
from workflow.users import Actor


@dataclass(frozen=True)
class _Original:
    """What the redaction log says of the original (``log_record`` reads these)."""

    filename: str | None
    media_type: MediaType
    sha256: str
    page_count: int | None


def make_copy(
    runtime: Runtime, session: Session, actor: Actor, application_id: int, document_id: int
) -> ApplicationDocumentRecord:
    application = for_handling(session, actor, application_id)
    ensure_open(application)
    link = attached(application, document_id)
    document = get_document(session, document_id, actor)
    if State(document.state) not in DECIDED:
        raise NotReady(
            f"文件处于“{State(document.state).label}”：保密审查作出复审决定后才能制作副本"
            "（the document must be decided by the 复审 first）"
        )
    version = document.current
    undecided = sum(1 for f in version.findings if f.decision is None)
    if undecided:
        raise NotReady(
            f"文件还有 {undecided} 处发现未决定，须经保密审查"
            f"（{undecided} finding(s) still need a reviewer's decision）"
        )
    redacted, extension = publish.preview(runtime, session, document_id, actor)
    original = _Original(
        version.filename, MediaType(version.media_type), version.sha256, version.page_count
    )
    record = log_record(original, redacted)
    folder = application_dir(runtime.settings, application.id)
    stem = f"copy-{document.id}-v{version.number}"
    write_atomic(folder / f"{stem}{extension}", redacted.data)
    write_atomic(
        folder / f"{stem}.log.json",
        json.dumps(record, ensure_ascii=False, indent=2).encode("utf-8"),
    )
    write_atomic(folder / f"{stem}.log.html", log_html(record).encode("utf-8"))
    link.version_id = version.id
    link.copy_path = f"applications/{application.id}/{stem}{extension}"
    link.copy_sha256 = redacted.sha256
    link.redactions = len(redacted.entries)
    link.copy_log = record
    link.copied_at = utcnow()
    audit.record(
        session,
        actor=actor.username,
        action="application.copy",
        application_id=application.id,
        document_id=document.id,
        after={
            "version": version.number,
            "sha256": redacted.sha256,
            "redactions": len(redacted.entries),
            "verification": dict(redacted.verification),
        },
    )
    return link


def copy_file(runtime: Runtime, link: ApplicationDocumentRecord, kind: str) -> tuple[bytes, str]:
    """The copy itself (``file``) or its log (``log.html``, ``log.json``), and a name."""
    if link.copy_path is None:
        raise NotReady("还没有制作申请人副本（no copy yet）")
    path = runtime.settings.data_dir / link.copy_path
    if kind == "file":
        return path.read_bytes(), path.name
    stem = path.name.rsplit(".", 1)[0]
    log = path.with_name(f"{stem}.{kind}")
    return log.read_bytes(), log.name
