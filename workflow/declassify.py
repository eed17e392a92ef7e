"""A 密级, once read on any version of a document, blocks it until 解密.

A new version without the marking does not unblock the document: the marking may have
been dropped by mistake, or to get past the check. Only an explicit decision by someone
authorised (the admin role), with its basis (解密依据: the 定密机关's notice, expiry
of the 保密期限 …), lifts the block, and only for the markings read so far: a later
version that carries a marking again is blocked again.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.datamodel import Document, ElementName
from core.errors import Conflict, InvalidInput
from store.records import DeclassificationRecord, DocumentRecord
from workflow import audit
from workflow.intake import get_document
from workflow.states import State
from workflow.users import Actor, Permission


def note_marking(document: DocumentRecord, version_number: int, parsed: Document) -> None:
    """Record what this version says about 密级, then recompute the block."""
    element = parsed.element(ElementName.SECRECY)
    if element is not None:
        document.marked_version = max(document.marked_version or 0, version_number)
        document.secrecy = {
            "value": element.value,
            "text": parsed.text[element.start : element.end],
            "unclear": element.details.get("unclear"),
            "version": version_number,
        }


def is_blocked(session: Session, document: DocumentRecord) -> bool:
    if document.marked_version is None:
        return False
    lifted = session.scalar(
        select(func.max(DeclassificationRecord.covers_version)).where(
            DeclassificationRecord.document_id == document.id
        )
    )
    return (lifted or 0) < document.marked_version


def refresh(session: Session, document: DocumentRecord) -> bool:
    document.publication_blocked = is_blocked(session, document)
    return document.publication_blocked


def blocked_reason(document: DocumentRecord) -> str:
    """What a refusal tells the reviewer: which marking, on which version."""
    secrecy = document.secrecy or {}
    value, version = secrecy.get("value"), secrecy.get("version")
    where = f"第 {version} 版" if version else "此前的版本"
    if secrecy.get("unclear"):
        return (
            f"文件{where}有疑似密级标志“{value}”（{secrecy['unclear']}），"
            "须由管理员登记解密或确认后方可公开（第十四条）"
        )
    if value:
        return f"文件{where}标有密级“{value}”，未经解密不得公开（第十四条）"
    return "文件标有密级，未经解密不得公开（第十四条）"


def declassify(
    session: Session, document_id: int, actor: Actor, *, basis: str
) -> DeclassificationRecord:
    """解密: lift the block of every marking read so far, with its basis, audited."""
    actor.require(Permission.DECLASSIFY)
    if not basis or not basis.strip():
        raise InvalidInput("请写明解密依据（say on what basis the document is declassified）")
    document = get_document(session, document_id, actor, for_update=True)
    if not is_blocked(session, document):
        raise Conflict("文件没有未解除的密级标志，无需解密（nothing to declassify）")
    if document.state in (State.PROCESSING, State.UPLOADED):
        raise Conflict(
            "文件正在处理，待读完当前版本后再登记解密"
            "（the current version has not been read yet）"
        )
    record = DeclassificationRecord(
        document_id=document.id,
        covers_version=document.current.number,
        basis=basis.strip(),
        decided_by=actor.id,
    )
    session.add(record)
    session.flush()
    refresh(session, document)
    audit.record(
        session,
        actor=actor.username,
        action="document.declassify",
        document_id=document.id,
        before={"publication_blocked": True, "secrecy": document.secrecy},
        after={
            "publication_blocked": document.publication_blocked,
            "covers_version": record.covers_version,
            "basis": record.basis,
        },
    )
    return record
