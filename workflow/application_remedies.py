"""行政复议 and 行政诉讼 brought over an application, and their outcomes (Table 四)."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from core.errors import Conflict, InvalidInput, NotFound
from store.records import RemedyRecord
from workflow import audit
from workflow.application_types import REMEDY_OUTCOMES, RemedyKind
from workflow.applications import (
    for_handling,
    not_before,
    not_future,
)
from workflow.users import Actor


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
    not_future(filed_on, today or date.today(), "提起日期")
    not_before(filed_on, application.received_on, "提起日期", "收到申请日期")
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
    not_future(decided_on, today or date.today(), "审结日期")
    not_before(decided_on, remedy.filed_on, "审结日期", "提起日期")
    remedy.outcome, remedy.decided_on = outcome, decided_on
    audit.record(
        session,
        actor=actor.username,
        action="application.remedy_decided",
        application_id=application.id,
        after={"remedy_id": remedy.id, "outcome": outcome, "decided_on": decided_on},
    )
    return remedy
