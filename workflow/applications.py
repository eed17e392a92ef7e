"""依申请公开 from registration to archive: plain functions the API, the web page and
tests call. Each step checks the actor's role, the application's state and the dates
given, moves the state through ``APPLICATIONS`` (which writes the audit entry) or writes
its own entry: 接收、登记、转办、答复、邮寄、办结、归档 全过程留痕.

The applicant's name, 身份证明 and contact details are read only by roles with
``APPLICANT_DETAILS``; no audit entry carries them (the trail is read more widely).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.config import Settings
from core.errors import Conflict, InvalidInput, NotFound, NotReady
from store.files import write_atomic
from store.records import (
    ApplicationDocumentRecord,
    ApplicationRecord,
    ConsultationRecord,
    DocumentRecord,
    RemedyRecord,
)
from workflow import audit, letters
from workflow.application_deadlines import (
    MAX_EXTENSION_DAYS,
    application_deadline,
    consultation_limit,
    correction_notice_due,
)
from workflow.application_types import (
    DELIVERY,
    DELIVERY_METHODS,
    FORMS,
    REMEDY_OUTCOMES,
    Channel,
    ConsultationKind,
    RemedyKind,
    applicant_type,
    reply_type,
)
from workflow.deadlines import Calendar, load_calendar, working_days_left
from workflow.intake import get_document
from workflow.placeholders import xml_safe
from workflow.runtime import Runtime
from workflow.states import APPLICATIONS, DOCUMENTS, ApplicationState, State
from workflow.users import Actor, Permission

S = ApplicationState
#: The reply is still to be made.
OPEN = (S.RECEIVED, S.CORRECTION, S.CONSULTATION)
#: What an applicant gives (第二十九条): name, 身份证明, contact details.
APPLICANT_FIELDS = {
    "name": "姓名或名称",
    "id_document": "身份证明",
    "contact_person": "联系人",
    "phone": "联系电话",
    "email": "电子邮箱",
    "address": "通信地址",
    "postcode": "邮政编码",
}
#: Documents decided by the 复审, from which a copy for an applicant can be made.
DECIDED = frozenset(
    {
        State.CLEARED,
        State.WITHHELD,
        State.ON_APPLICATION,
        State.QUEUED,
        State.PUBLISHED,
        State.REVOKED,
    }
)


@dataclass(frozen=True)
class NewApplication:
    received_on: date
    channel: str
    applicant_type: str
    applicant: dict[str, str]
    description: str
    form: str | None = None
    delivery_wanted: str | None = None


def calendar_of(settings: Settings) -> Calendar:
    return load_calendar(settings.holidays_path)


def suggest_description(settings: Settings, text: str) -> dict:
    """The disclosure suggestion on what the applicant asks for, from the classifier's
    public ``suggest`` on the description read as a short text document. Detection is
    not run: the description is the applicant's words, not a document to publish."""
    from classify import suggest_with_settings
    from ingest import extract_bytes

    document = extract_bytes(text.encode("utf-8"), filename="申请内容.txt")
    return suggest_with_settings(document, (), settings).to_dict(document.text)


def register(
    session: Session,
    settings: Settings,
    actor: Actor,
    new: NewApplication,
    *,
    today: date | None = None,
) -> ApplicationRecord:
    """登记: the application, its date of receipt (第三十一条) and the reply deadline."""
    actor.require(Permission.HANDLE_APPLICATIONS)
    today = today or date.today()
    _not_future(new.received_on, today, "收到申请日期")
    try:
        channel = Channel(new.channel)
    except ValueError:
        choices = "、".join(c.value for c in Channel)
        raise InvalidInput(f"申请渠道应为{choices}之一（unknown channel）") from None
    kind = applicant_type(new.applicant_type)
    applicant = _applicant(new.applicant)
    description = _text(new.description, "申请获取的政府信息的描述", limit=4000)
    _choice(new.form, FORMS, "获取信息的形式")
    _choice(new.delivery_wanted, DELIVERY, "获取信息的方式")
    application = ApplicationRecord(
        office=actor.office,
        year=new.received_on.year,
        received_on=new.received_on,
        channel=channel.value,
        applicant_type=kind.value,
        applicant=applicant,
        description=description,
        form=new.form,
        delivery_wanted=new.delivery_wanted,
        suggestion=suggest_description(settings, description),
        registered_by=actor.id,
    )
    application.consultations = []
    session.add(application)
    _set_due(application, settings)
    APPLICATIONS.start(
        session,
        application,
        actor=actor.username,
        action="application.register",
        after={
            "received_on": new.received_on,
            "channel": channel.value,
            "applicant_type": kind.value,
            "due_on": application.due_on,
        },
    )
    # Numbered after the audit entry: writing it took the audit trail's lock, so two
    # registrations at once cannot take the same number.
    application.seq = 1 + (
        session.scalar(
            select(func.max(ApplicationRecord.seq)).where(
                ApplicationRecord.office == application.office,
                ApplicationRecord.year == application.year,
            )
        )
        or 0
    )
    session.flush()
    return application


def get_application(session: Session, application_id: int, actor: Actor) -> ApplicationRecord:
    actor.require(Permission.READ_APPLICATIONS)
    application = session.get(ApplicationRecord, application_id)
    if application is None or not (actor.all_offices or application.office == actor.office):
        raise NotFound(f"没有编号为 {application_id} 的申请（no application {application_id}）")
    return application


def list_applications(
    session: Session,
    actor: Actor,
    *,
    state: str | None = None,
    year: int | None = None,
    limit: int = 100,
    offset: int = 0,
) -> tuple[list[ApplicationRecord], int]:
    actor.require(Permission.READ_APPLICATIONS)
    query = select(ApplicationRecord)
    if not actor.all_offices:
        query = query.where(ApplicationRecord.office == actor.office)
    if state is not None:
        query = query.where(ApplicationRecord.state == state)
    if year is not None:
        query = query.where(ApplicationRecord.year == year)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    page = query.order_by(ApplicationRecord.id.desc()).limit(limit).offset(offset)
    return list(session.scalars(page)), total


@dataclass(frozen=True)
class QueueEntry:
    application: ApplicationRecord
    #: What the date is: 答复期限, or 补正期限 while the clock waits for the applicant.
    what: str
    due: date | None
    working_days_left: int | None
    overdue: bool


def queue(
    session: Session, actor: Actor, settings: Settings, *, today: date | None = None
) -> list[QueueEntry]:
    """Applications still to be answered, the earliest date first."""
    actor.require(Permission.READ_APPLICATIONS)
    today = today or date.today()
    calendar = calendar_of(settings)
    next_date = func.coalesce(ApplicationRecord.due_on, ApplicationRecord.correction_due_on)
    query = select(ApplicationRecord).where(ApplicationRecord.state.in_([s.value for s in OPEN]))
    if not actor.all_offices:
        query = query.where(ApplicationRecord.office == actor.office)
    out = []
    for application in session.scalars(query.order_by(next_date.asc(), ApplicationRecord.id)):
        if application.due_on is not None:
            what, due = "答复期限", application.due_on
        else:
            what, due = "补正期限", application.correction_due_on
        left = working_days_left(today, due, calendar) if due else None
        out.append(QueueEntry(application, what, due, left, due is not None and due < today))
    return out


def request_correction(
    session: Session,
    settings: Settings,
    actor: Actor,
    application_id: int,
    *,
    sent_on: date,
    correct_by: date,
    items: str,
    today: date | None = None,
) -> ApplicationRecord:
    """补正 (第三十条): one notice saying what to correct and by when; the reply clock
    starts again when the corrected application arrives."""
    application = for_handling(session, actor, application_id)
    today = today or date.today()
    if application.correction_sent_on is not None:
        raise Conflict("补正应一次性告知，本申请已告知过补正（a correction is asked for once）")
    _not_future(sent_on, today, "补正告知日期")
    _not_before(sent_on, application.received_on, "补正告知日期", "收到申请日期")
    if correct_by <= sent_on:
        raise InvalidInput("补正期限应晚于告知日期（the time limit must come after the notice）")
    notice_due = correction_notice_due(application.received_on, calendar_of(settings))
    application.correction_sent_on = sent_on
    application.correction_due_on = correct_by
    application.correction_items = _text(items, "需要补正的事项", limit=4000)
    before = {"due_on": application.due_on}
    _set_due(application, settings)
    APPLICATIONS.move(
        session,
        application,
        S.CORRECTION,
        actor=actor.username,
        action="application.correction_request",
        before=before,
        after={
            "sent_on": sent_on,
            "correct_by": correct_by,
            "notice_due": notice_due,
            # 第三十条 wants the notice within 7 working days; a later one is recorded so.
            "late_notice": sent_on > notice_due,
        },
    )
    return application


def receive_correction(
    session: Session,
    settings: Settings,
    actor: Actor,
    application_id: int,
    *,
    received_on: date,
    description: str | None = None,
    today: date | None = None,
) -> ApplicationRecord:
    """The corrected application arrived: the 20 working days count from this day."""
    application = for_handling(session, actor, application_id)
    today = today or date.today()
    if application.state != S.CORRECTION:
        APPLICATIONS.check(application.state, S.RECEIVED)
        raise Conflict("本申请没有待补正的事项（no correction is awaited）")
    _not_future(received_on, today, "收到补正日期")
    _not_before(received_on, application.correction_sent_on, "收到补正日期", "补正告知日期")
    before = {"due_on": application.due_on, "description_changed": False}
    application.correction_received_on = received_on
    if description is not None and description.strip():
        application.description = _text(description, "补正后的申请内容", limit=4000)
        application.suggestion = suggest_description(settings, application.description)
        before["description_changed"] = True
    _set_due(application, settings)
    APPLICATIONS.move(
        session,
        application,
        S.RECEIVED,
        actor=actor.username,
        action="application.correction_received",
        before=before,
        after={"received_on": received_on, "due_on": application.due_on},
    )
    return application


def start_consultation(
    session: Session,
    settings: Settings,
    actor: Actor,
    application_id: int,
    *,
    kind: str,
    party: str,
    sent_on: date,
    today: date | None = None,
) -> ConsultationRecord:
    """征求意见 (第三十二条 third party, 第三十四条 another agency): 15 working days."""
    application = for_handling(session, actor, application_id)
    today = today or date.today()
    try:
        kind_ = ConsultationKind(kind)
    except ValueError:
        raise InvalidInput("征求意见的对象应为 third_party 或 agency（unknown kind）") from None
    _not_future(sent_on, today, "征求意见日期")
    _not_before(sent_on, _clock_start(application), "征求意见日期", "答复期限起算日")
    APPLICATIONS.check(application.state, S.CONSULTATION)
    consultation = ConsultationRecord(
        kind=kind_.value,
        party=_text(party, "征求意见的对象", limit=500),
        sent_on=sent_on,
        limit_on=consultation_limit(sent_on, calendar_of(settings)),
    )
    application.consultations.append(consultation)
    before = {"due_on": application.due_on}
    _set_due(application, settings)
    session.flush()
    APPLICATIONS.move(
        session,
        application,
        S.CONSULTATION,
        actor=actor.username,
        action="application.consultation_start",
        before=before,
        after={
            "consultation_id": consultation.id,
            "kind": kind_.value,
            "sent_on": sent_on,
            "limit_on": consultation.limit_on,
            "due_on": application.due_on,
        },
    )
    return consultation


def end_consultation(
    session: Session,
    settings: Settings,
    actor: Actor,
    application_id: int,
    *,
    outcome: str,
    answered_on: date | None = None,
    today: date | None = None,
) -> ConsultationRecord:
    """The opinion came back (agreed / objected), or the 15 days passed in silence
    (no_answer): the reply clock runs again."""
    application = for_handling(session, actor, application_id)
    today = today or date.today()
    if application.state != S.CONSULTATION:
        raise Conflict("本申请没有正在征求的意见（no consultation is open）")
    consultation = application.consultations[-1]
    if outcome not in ("agreed", "objected", "no_answer"):
        raise InvalidInput("意见结果应为 agreed、objected 或 no_answer（unknown outcome）")
    if outcome == "no_answer":
        if today <= consultation.limit_on:
            raise NotReady(
                f"征求意见期限到 {consultation.limit_on} 为止，尚未届满"
                "（the 15 working days have not passed yet）"
            )
        answered_on = None
    else:
        if answered_on is None:
            raise InvalidInput("请填写收到意见的日期（answered_on is required）")
        _not_future(answered_on, today, "收到意见日期")
        _not_before(answered_on, consultation.sent_on, "收到意见日期", "征求意见日期")
    consultation.answered_on = answered_on
    consultation.outcome = outcome
    before = {"due_on": application.due_on}
    _set_due(application, settings)
    APPLICATIONS.move(
        session,
        application,
        S.RECEIVED,
        actor=actor.username,
        action="application.consultation_end",
        before=before,
        after={
            "consultation_id": consultation.id,
            "outcome": outcome,
            "answered_on": answered_on,
            "due_on": application.due_on,
        },
    )
    return consultation


def extend(
    session: Session,
    settings: Settings,
    actor: Actor,
    application_id: int,
    *,
    days: int,
    approver: str,
    reason: str,
    on: date,
    today: date | None = None,
) -> ApplicationRecord:
    """延期答复 (第三十三条第二款): once, at most 20 working days, approved by the head of
    the 政府信息公开工作机构, decided before the deadline has passed."""
    application = for_handling(session, actor, application_id)
    today = today or date.today()
    if application.state not in (S.RECEIVED, S.CONSULTATION):
        raise Conflict(f"申请处于“{S(application.state).label}”，不能延期（cannot extend now）")
    if application.extension_days:
        raise Conflict("答复期限只能延长一次（the reply deadline is extended once only）")
    if not 1 <= days <= MAX_EXTENSION_DAYS:
        raise InvalidInput(f"延长的期限为 1 至 {MAX_EXTENSION_DAYS} 个工作日（1–20 working days）")
    _not_future(on, today, "延期决定日期")
    _not_before(on, _clock_start(application), "延期决定日期", "答复期限起算日")
    if application.due_on is not None and on > application.due_on:
        raise Conflict(
            f"答复期限 {application.due_on} 已过，不能再延长（the deadline has already passed）"
        )
    before = {"due_on": application.due_on}
    application.extension_days = days
    application.extension_approver = _text(approver, "批准人", limit=128)
    application.extension_reason = _text(reason, "延期理由", limit=2000)
    application.extended_on = on
    _set_due(application, settings)
    audit.record(
        session,
        actor=actor.username,
        action="application.extend",
        application_id=application.id,
        before=before,
        after={
            "days": days,
            "approver": application.extension_approver,
            "reason": application.extension_reason,
            "on": on,
            "due_on": application.due_on,
        },
    )
    return application


def attach_document(
    session: Session, actor: Actor, application_id: int, document_id: int
) -> ApplicationDocumentRecord:
    """转办/检索: a catalogue document that answers the application."""
    application = for_handling(session, actor, application_id)
    ensure_open(application)
    document = get_document(session, document_id, actor)
    if any(d.document_id == document.id for d in application.documents):
        raise Conflict("该文件已列入本申请（the document is attached already）")
    link = ApplicationDocumentRecord(document_id=document.id, added_by=actor.id)
    application.documents.append(link)
    session.flush()
    audit.record(
        session,
        actor=actor.username,
        action="application.document_attach",
        application_id=application.id,
        document_id=document.id,
        after={"title": document.title, "doc_number": document.doc_number},
    )
    return link


def detach_document(session: Session, actor: Actor, application_id: int, document_id: int) -> None:
    application = for_handling(session, actor, application_id)
    ensure_open(application)
    link = attached(application, document_id)
    application.documents.remove(link)
    session.delete(link)
    audit.record(
        session,
        actor=actor.username,
        action="application.document_detach",
        application_id=application.id,
        document_id=document_id,
    )


def send_to_review(
    session: Session, actor: Actor, application_id: int, document_id: int, note: str | None = None
) -> DocumentRecord:
    """区分处理 starts with the existing review: the document goes back to 审查中, the
    reviewers decide every finding and the attribute again, then the copy is made."""
    application = for_handling(session, actor, application_id)
    ensure_open(application)
    attached(application, document_id)
    document = get_document(session, document_id, actor)
    if document.state == State.QUEUED:
        raise Conflict("文件在发布队列中，发布后再申请审查（the document is being published）")
    note = xml_safe(note or "").strip()
    reason = f"依申请公开 {application.reference}：区分处理前的保密审查" + (
        f"（{note}）" if note else ""
    )
    DOCUMENTS.move(
        session,
        document,
        State.IN_REVIEW,
        actor=actor.username,
        action="document.reopen",
        before={"attribute": document.attribute},
        after={"reason": reason, "application_id": application.id},
    )
    audit.record(
        session,
        actor=actor.username,
        action="application.document_review",
        application_id=application.id,
        document_id=document.id,
        after={"reason": reason},
    )
    return document


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
    _not_future(replied_on, today, "答复日期")
    _not_before(replied_on, _clock_start(application), "答复日期", "答复期限起算日")
    provided = _provided(application, kind)
    reason = xml_safe(reason or "").strip()
    if kind.code == "partial" and not reason:
        reason = _withheld_reasons(provided)
    if kind.code != "grant" and not reason:
        raise InvalidInput("请说明答复的理由（第三十六条：不予公开等须说明理由）")
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
    application.letter = _write_letter(runtime.settings, application, letter)
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
            "table_row": f"{kind.group} {kind.label}",
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
    _choice(method, DELIVERY_METHODS, "送达方式")
    _not_future(delivered_on, today or date.today(), "送达日期")
    APPLICATIONS.check(application.state, S.DELIVERED)
    _not_before(delivered_on, application.replied_on, "送达日期", "答复日期")
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
    _not_future(closed_on, today or date.today(), "办结日期")
    APPLICATIONS.check(application.state, S.CLOSED)
    _not_before(closed_on, application.delivered_on, "办结日期", "送达日期")
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
    _not_future(archived_on, today or date.today(), "归档日期")
    APPLICATIONS.check(application.state, S.ARCHIVED)
    _not_before(archived_on, application.closed_on, "归档日期", "办结日期")
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


def record_remedy(
    session: Session,
    actor: Actor,
    application_id: int,
    *,
    kind: str,
    filed_on: date,
    today: date | None = None,
) -> RemedyRecord:
    """A 行政复议 or 行政诉讼 over the application (Table 四)."""
    application = for_handling(session, actor, application_id)
    try:
        kind_ = RemedyKind(kind)
    except ValueError:
        raise InvalidInput(f"救济类型应为 {', '.join(RemedyKind)} 之一（unknown kind）") from None
    _not_future(filed_on, today or date.today(), "提起日期")
    _not_before(filed_on, application.received_on, "提起日期", "收到申请日期")
    remedy = RemedyRecord(kind=kind_.value, filed_on=filed_on, recorded_by=actor.id)
    application.remedies.append(remedy)
    session.flush()
    audit.record(
        session,
        actor=actor.username,
        action="application.remedy",
        application_id=application.id,
        after={"remedy_id": remedy.id, "kind": kind_.value, "filed_on": filed_on},
    )
    return remedy


def decide_remedy(
    session: Session,
    actor: Actor,
    application_id: int,
    remedy_id: int,
    *,
    outcome: str,
    decided_on: date,
    today: date | None = None,
) -> RemedyRecord:
    application = for_handling(session, actor, application_id)
    remedy = next((r for r in application.remedies if r.id == remedy_id), None)
    if remedy is None:
        raise NotFound(f"本申请没有编号为 {remedy_id} 的复议或诉讼（no remedy {remedy_id}）")
    if outcome not in REMEDY_OUTCOMES:
        raise InvalidInput(f"结果应为 {', '.join(REMEDY_OUTCOMES)} 之一（unknown outcome）")
    if remedy.outcome is not None:
        raise Conflict("该复议或诉讼的结果已经记录（the outcome is recorded already）")
    _not_future(decided_on, today or date.today(), "审结日期")
    _not_before(decided_on, remedy.filed_on, "审结日期", "提起日期")
    remedy.outcome, remedy.decided_on = outcome, decided_on
    audit.record(
        session,
        actor=actor.username,
        action="application.remedy_decided",
        application_id=application.id,
        after={"remedy_id": remedy.id, "outcome": outcome, "decided_on": decided_on},
    )
    return remedy


@dataclass
class Candidate:
    """第四十四条: a document several applicants asked for, not yet 主动公开."""

    document: DocumentRecord
    applications: list[str] = field(default_factory=list)
    applicants: int = 0


def proactive_candidates(session: Session, actor: Actor, *, threshold: int = 2) -> list[Candidate]:
    actor.require(Permission.READ_APPLICATIONS)
    rows = session.execute(
        select(ApplicationDocumentRecord, ApplicationRecord, DocumentRecord)
        .join(ApplicationRecord, ApplicationDocumentRecord.application_id == ApplicationRecord.id)
        .join(DocumentRecord, ApplicationDocumentRecord.document_id == DocumentRecord.id)
        .where(DocumentRecord.state.in_([State.ON_APPLICATION.value, State.WITHHELD.value]))
        .order_by(DocumentRecord.id, ApplicationRecord.id)
    ).all()
    found: dict[int, Candidate] = {}
    people: dict[int, set] = {}
    for _link, application, document in rows:
        if not (actor.all_offices or application.office == actor.office):
            continue
        candidate = found.setdefault(document.id, Candidate(document))
        candidate.applications.append(application.reference)
        who = (application.applicant_type, (application.applicant or {}).get("name", ""))
        people.setdefault(document.id, set()).add(who)
    out = []
    for document_id, candidate in found.items():
        candidate.applicants = len(people[document_id])
        if candidate.applicants >= threshold:
            out.append(candidate)
    return sorted(out, key=lambda c: (-c.applicants, c.document.id))


def offer_proactive(
    session: Session, actor: Actor, document_id: int, *, threshold: int = 2
) -> DocumentRecord:
    """Send a document several applicants asked for back to review so the reviewers can
    make it 主动公开 (第四十四条); the decision stays theirs."""
    actor.require(Permission.HANDLE_APPLICATIONS)
    candidate = next(
        (
            c
            for c in proactive_candidates(session, actor, threshold=threshold)
            if c.document.id == document_id
        ),
        None,
    )
    if candidate is None:
        raise NotReady(
            f"该文件没有 {threshold} 个以上申请人申请（fewer than {threshold} applicants asked）"
        )
    document = candidate.document
    DOCUMENTS.move(
        session,
        document,
        State.IN_REVIEW,
        actor=actor.username,
        action="document.proactive_offer",
        before={"attribute": document.attribute},
        after={
            "article": "第四十四条",
            "reason": f"{candidate.applicants} 个申请人申请公开相同的政府信息，建议纳入主动公开",
            "applications": candidate.applications,
        },
    )
    return document


def application_dir(settings: Settings, application_id: int) -> Path:
    """Letters and copies of an application: a folder named by its id, nothing else."""
    return settings.data_dir / "applications" / str(int(application_id))


def letter_file(settings: Settings, application: ApplicationRecord, kind: str) -> tuple[bytes, str]:
    """The 答复告知书 as issued: the stored file, never composed again."""
    if application.letter is None or kind not in ("docx", "pdf"):
        raise NotFound("本申请还没有答复告知书（no reply letter yet）")
    path = settings.data_dir / application.letter[kind]
    return path.read_bytes(), path.name


def deadline_facts(application: ApplicationRecord, settings: Settings, today: date) -> dict:
    calendar = calendar_of(settings)
    deadline = application_deadline(application, calendar)
    facts: dict = {
        "due_on": deadline.due if deadline else None,
        "calendar_complete": deadline.calendar_complete if deadline else True,
        "correction_notice_due": correction_notice_due(application.received_on, calendar),
        "working_days_left": None,
        "overdue": False,
    }
    if deadline and application.state in OPEN:
        facts["working_days_left"] = working_days_left(today, deadline.due, calendar)
        facts["overdue"] = deadline.due < today
    return facts


def _write_letter(settings: Settings, application: ApplicationRecord, letter) -> dict:
    import hashlib

    folder = application_dir(settings, application.id)
    out: dict = {"title": letter.title}
    for kind, data in (("docx", letters.to_docx(letter)), ("pdf", letters.to_pdf(letter))):
        name = f"reply-{application.id}.{kind}"
        write_atomic(folder / name, data)
        out[kind] = f"applications/{application.id}/{name}"
        out[kind + "_sha256"] = hashlib.sha256(data).hexdigest()
    return out


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
    from sqlalchemy.orm import object_session

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


def for_handling(session: Session, actor: Actor, application_id: int) -> ApplicationRecord:
    actor.require(Permission.HANDLE_APPLICATIONS)
    return get_application(session, application_id, actor)


def ensure_open(application: ApplicationRecord) -> None:
    if application.state not in OPEN:
        raise Conflict(
            f"申请已{S(application.state).label}，不能再更改（the application is answered）"
        )


def attached(application: ApplicationRecord, document_id: int) -> ApplicationDocumentRecord:
    link = next((d for d in application.documents if d.document_id == document_id), None)
    if link is None:
        raise NotFound(f"本申请没有列入文件 {document_id}（document not attached）")
    return link


def _clock_start(application: ApplicationRecord) -> date:
    return application.correction_received_on or application.received_on


def _set_due(application: ApplicationRecord, settings: Settings) -> None:
    deadline = application_deadline(application, calendar_of(settings))
    application.due_on = deadline.due if deadline else None


def _applicant(raw: dict[str, str]) -> dict[str, str]:
    unknown = set(raw) - set(APPLICANT_FIELDS)
    if unknown:
        raise InvalidInput(f"申请人信息中有未知的项：{', '.join(sorted(unknown))}")
    out = {
        k: xml_safe(str(v)).strip()[:500]
        for k, v in raw.items()
        if v is not None and xml_safe(str(v)).strip()
    }
    if not out.get("name"):
        raise InvalidInput("请填写申请人的姓名或名称（第二十九条）")
    return out


def _text(value: str | None, what: str, *, limit: int) -> str:
    # Control characters (NUL above all) are not text: PostgreSQL refuses them, and
    # neither DOCX nor XLSX can hold them.
    value = xml_safe(value or "").strip()
    if not value:
        raise InvalidInput(f"请填写{what}")
    if len(value) > limit:
        raise InvalidInput(f"{what}不能超过 {limit} 个字（too long）")
    return value


def _choice(value: str | None, choices, what: str) -> None:
    if value is not None and value not in choices:
        raise InvalidInput(f"{what}应为{'、'.join(choices)}之一（unknown value {value!r}）")


def _not_future(day: date, today: date, what: str) -> None:
    if day > today:
        raise InvalidInput(f"{what} {day} 晚于今天（a date in the future）")


def _not_before(day: date, earliest: date | None, what: str, other: str) -> None:
    if earliest is not None and day < earliest:
        raise InvalidInput(f"{what} {day} 早于{other} {earliest}（dates out of order）")
