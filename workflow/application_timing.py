"""The clock of an application: 补正 (第三十条), 征求意见 (第三十二条, 第三十四条) and the
one extension (第三十三条第二款). Each step recomputes the reply deadline."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from core.config import Settings
from core.errors import Conflict, InvalidInput, NotReady
from store.records import ApplicationRecord, ConsultationRecord
from workflow import application_notices, audit
from workflow.application_deadlines import (
    MAX_EXTENSION_DAYS,
    consultation_limit,
    correction_notice_due,
)
from workflow.application_types import ConsultationKind
from workflow.applications import (
    S,
    calendar_of,
    clock_start,
    for_handling,
    not_before,
    not_future,
    set_due,
    suggest_description,
    text_field,
)
from workflow.letters import chinese_date
from workflow.states import APPLICATIONS
from workflow.users import Actor


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
    not_future(sent_on, today, "补正告知日期")
    not_before(sent_on, application.received_on, "补正告知日期", "收到申请日期")
    if correct_by <= sent_on:
        raise InvalidInput("补正期限应晚于告知日期（the time limit must come after the notice）")
    notice_due = correction_notice_due(application.received_on, calendar_of(settings))
    application.correction_sent_on = sent_on
    application.correction_due_on = correct_by
    application.correction_items = text_field(items, "需要补正的事项", limit=4000)
    before = {"due_on": application.due_on}
    set_due(application, settings)
    notice = application_notices.issue(
        settings,
        application,
        "correction",
        sent_on,
        {"补正事项": application.correction_items, "补正期限": chinese_date(correct_by)},
    )
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
            **notice,
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
    not_future(received_on, today, "收到补正日期")
    not_before(received_on, application.correction_sent_on, "收到补正日期", "补正告知日期")
    before = {"due_on": application.due_on, "description_changed": False}
    application.correction_received_on = received_on
    if description is not None and description.strip():
        application.description = text_field(description, "补正后的申请内容", limit=4000)
        application.suggestion = suggest_description(settings, application.description)
        before["description_changed"] = True
    set_due(application, settings)
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
    not_future(sent_on, today, "征求意见日期")
    not_before(sent_on, clock_start(application), "征求意见日期", "答复期限起算日")
    APPLICATIONS.check(application.state, S.CONSULTATION)
    consultation = ConsultationRecord(
        kind=kind_.value,
        party=text_field(party, "征求意见的对象", limit=500),
        sent_on=sent_on,
        limit_on=consultation_limit(sent_on, calendar_of(settings)),
    )
    application.consultations.append(consultation)
    before = {"due_on": application.due_on}
    set_due(application, settings)
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
        not_future(answered_on, today, "收到意见日期")
        not_before(answered_on, consultation.sent_on, "收到意见日期", "征求意见日期")
    consultation.answered_on = answered_on
    consultation.outcome = outcome
    before = {"due_on": application.due_on}
    set_due(application, settings)
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
    not_future(on, today, "延期决定日期")
    not_before(on, clock_start(application), "延期决定日期", "答复期限起算日")
    if application.due_on is not None and on > application.due_on:
        raise Conflict(
            f"答复期限 {application.due_on} 已过，不能再延长（the deadline has already passed）"
        )
    before = {"due_on": application.due_on}
    application.extension_days = days
    application.extension_approver = text_field(approver, "批准人", limit=128)
    application.extension_reason = text_field(reason, "延期理由", limit=2000)
    application.extended_on = on
    set_due(application, settings)
    notice = application_notices.issue(
        settings,
        application,
        "extension",
        on,
        {
            "延期理由": application.extension_reason,
            "延长天数": str(days),
            "答复期限": chinese_date(application.due_on),
        },
    )
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
            **notice,
        },
    )
    return application
