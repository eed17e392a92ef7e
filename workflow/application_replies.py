"""答复, then 邮寄/送达, 办结 and 归档. The reply is one of 第三十六条's types (a Table 三
row) with its reason; the 答复告知书 is written from the office's template and kept as
issued."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session, object_session

from core.config import Settings
from core.errors import Conflict, InvalidInput, NotFound, NotReady
from store.records import ApplicationDocumentRecord, ApplicationRecord, DocumentRecord
from workflow import letters
from workflow.application_notices import write_letter
from workflow.application_types import DELIVERY_METHODS, reply_type
from workflow.applications import (
    S,
    choice,
    clock_start,
    for_handling,
    not_before,
    not_future,
)
from workflow.placeholders import xml_safe
from workflow.runtime import Runtime
from workflow.states import APPLICATIONS
from workflow.users import Actor


def reply(
    runtime: Runtime,
    session: Session,
    actor: Actor,
    application_id: int,
    *,
    reply_code: str,
    reason: str | None,
    replied_on: date,
    today: date | None = None,
) -> ApplicationRecord:
    """答复: one of 第三十六条's reply types (a Table 三 row), with its reason; the
    答复告知书 is written from the office's template as DOCX and PDF and kept."""
    application = for_handling(session, actor, application_id)
    today = today or date.today()
    kind = reply_type(reply_code)
    if application.state == S.CONSULTATION:
        raise Conflict("征求意见尚未结束，请先记录意见结果（end the consultation first）")
    if application.state == S.CORRECTION and kind.code != "other_1":
        raise Conflict(
            "申请人尚未补正：收到补正后再答复，逾期不补正的按“其他处理”处理"
            "（awaiting the correction）"
        )
    if kind.code == "other_1":
        if application.state != S.CORRECTION:
            raise Conflict("只有待补正的申请才能按逾期不补正处理（no correction is awaited）")
        if replied_on <= application.correction_due_on:
            raise NotReady(
                f"补正期限到 {application.correction_due_on} 为止，尚未届满"
                "（the applicant's time to correct has not passed）"
            )
    if kind.code == "unable_3" and application.correction_received_on is None:
        raise Conflict("只有补正过的申请才能答复“补正后申请内容仍不明确”（no correction received）")
    not_future(replied_on, today, "答复日期")
    not_before(replied_on, clock_start(application), "答复日期", "答复期限起算日")
    provided = _provided(application, kind)
    reason = xml_safe(reason or "").strip()
    if kind.code == "partial" and not reason:
        reason = _withheld_reasons(provided)
    if kind.code != "grant" and not reason:
        raise InvalidInput("请说明答复的理由（第三十六条：不予公开等须说明理由）")
    if kind.code == "grant" and not provided and not reason:
        raise InvalidInput(
            "未列入文件的予以公开，请写明获取该信息的方式、途径（第三十六条第（一）项）"
        )
    templates = letters.load_templates(runtime.settings.letters_path)
    titles = [session.get(DocumentRecord, link.document_id).title or "" for link in provided]
    letter = letters.compose(
        templates,
        office=application.office,
        reference=application.reference,
        applicant=application.applicant.get("name", ""),
        received_on=application.received_on,
        description=application.description,
        reply=kind,
        reason=reason,
        replied_on=replied_on,
        documents=titles,
    )
    application.letter = write_letter(runtime.settings, application, letter, "reply")
    late = application.due_on is not None and replied_on > application.due_on
    application.reply_type = kind.code
    application.reply_reason = reason
    application.replied_on = replied_on
    application.replied_by = actor.id
    APPLICATIONS.move(
        session,
        application,
        S.REPLIED,
        actor=actor.username,
        action="application.reply",
        before={"due_on": application.due_on},
        after={
            "reply_type": kind.code,
            "table_row": kind.title,
            "article": kind.article,
            "reason": reason,
            "replied_on": replied_on,
            "late": late,
            "documents": [link.document_id for link in provided],
            "letter_sha256": {k: application.letter[k + "_sha256"] for k in ("docx", "pdf")},
        },
    )
    return application


def deliver(
    session: Session,
    actor: Actor,
    application_id: int,
    *,
    method: str,
    delivered_on: date,
    reference: str | None = None,
    today: date | None = None,
) -> ApplicationRecord:
    """邮寄/送达: how and when the reply reached the applicant (a 邮寄单号 for post)."""
    application = for_handling(session, actor, application_id)
    choice(method, DELIVERY_METHODS, "送达方式")
    not_future(delivered_on, today or date.today(), "送达日期")
    APPLICATIONS.check(application.state, S.DELIVERED)
    not_before(delivered_on, application.replied_on, "送达日期", "答复日期")
    application.delivery_method = method
    application.delivery_reference = xml_safe(reference or "").strip()[:128] or None
    application.delivered_on = delivered_on
    APPLICATIONS.move(
        session,
        application,
        S.DELIVERED,
        actor=actor.username,
        action="application.deliver",
        after={
            "method": method,
            "reference": application.delivery_reference,
            "delivered_on": delivered_on,
        },
    )
    return application


def close(
    session: Session,
    actor: Actor,
    application_id: int,
    *,
    closed_on: date,
    today: date | None = None,
) -> ApplicationRecord:
    """办结."""
    application = for_handling(session, actor, application_id)
    not_future(closed_on, today or date.today(), "办结日期")
    APPLICATIONS.check(application.state, S.CLOSED)
    not_before(closed_on, application.delivered_on, "办结日期", "送达日期")
    application.closed_on = closed_on
    APPLICATIONS.move(
        session,
        application,
        S.CLOSED,
        actor=actor.username,
        action="application.close",
        after={"closed_on": closed_on},
    )
    return application


def archive(
    session: Session,
    actor: Actor,
    application_id: int,
    *,
    archived_on: date,
    reference: str | None = None,
    today: date | None = None,
) -> ApplicationRecord:
    """归档, with the archive's own file number (档号) if it has one."""
    application = for_handling(session, actor, application_id)
    not_future(archived_on, today or date.today(), "归档日期")
    APPLICATIONS.check(application.state, S.ARCHIVED)
    not_before(archived_on, application.closed_on, "归档日期", "办结日期")
    application.archived_on = archived_on
    application.archive_reference = xml_safe(reference or "").strip()[:128] or None
    APPLICATIONS.move(
        session,
        application,
        S.ARCHIVED,
        actor=actor.username,
        action="application.archive",
        after={"archived_on": archived_on, "reference": application.archive_reference},
    )
    return application


def letter_file(settings: Settings, application: ApplicationRecord, kind: str) -> tuple[bytes, str]:
    """The 答复告知书 as issued: the stored file, never composed again."""
    if application.letter is None or kind not in ("docx", "pdf"):
        raise NotFound("本申请还没有答复告知书（no reply letter yet）")
    path = settings.data_dir / application.letter[kind]
    return path.read_bytes(), path.name


def _provided(application: ApplicationRecord, kind) -> list[ApplicationDocumentRecord]:
    """The documents a reply hands over, each with a copy of its current version; and
    区分处理 is a 部分公开 whatever else is said (the format counts it only there)."""
    if not kind.provides:
        return []
    links = list(application.documents)
    if kind.code == "partial" and not links:
        raise NotReady("部分公开须列出所提供的文件（attach the documents first）")
    stale = [
        link.document_id
        for link in links
        if link.copy_path is None
        or link.version_id != _current_version(application, link.document_id)
    ]
    if stale:
        ids = "、".join(str(i) for i in stale)
        raise NotReady(f"文件 {ids} 还没有制作申请人副本（make the applicant's copy first）")
    removed = sum(link.redactions or 0 for link in links)
    if kind.code == "grant" and removed:
        raise Conflict(
            f"副本中删除了 {removed} 处内容：区分处理的应答复为“部分公开”（第三十七条）"
            "（a copy with redactions is a 部分公开）"
        )
    if kind.code == "partial" and not removed:
        raise Conflict("副本没有删除任何内容：应答复为“予以公开”（nothing was withheld）")
    return links


def _current_version(application: ApplicationRecord, document_id: int) -> int | None:
    document = object_session(application).get(DocumentRecord, document_id)
    return document.current.id if document else None


def _withheld_reasons(links: list[ApplicationDocumentRecord]) -> str:
    bases = sorted(
        {
            entry.get("legal_basis") or "依法不予公开"
            for link in links
            for entry in (link.copy_log or {}).get("redactions", [])
        }
    )
    return "删除的内容依据" + "、".join(bases) + "不予公开。" if bases else ""
