"""依申请公开: registering an application, reading it, the queue, and what every step
shares (who may handle it, its dates, its deadline). The steps themselves are in
``application_timing`` (补正, 征求意见, 延期), ``application_documents`` (the documents
asked for, 第四十四条), ``application_copies`` (区分处理), ``application_replies`` (答复,
送达, 办结, 归档) and ``application_remedies`` (复议, 诉讼). Each checks the actor's role,
the application's state and the dates given, and moves the state through
``APPLICATIONS`` (which writes the audit entry) or writes its own entry:
接收、登记、转办、答复、邮寄、办结、归档 全过程留痕.

The applicant's name, 身份证明 and contact details are read only by roles with
``APPLICANT_DETAILS``; no audit entry carries them (the trail is read more widely).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.config import Settings
from core.errors import Conflict, GongkaiError, InvalidInput, NotFound
from store.records import ApplicationDocumentRecord, ApplicationRecord
from workflow.application_deadlines import application_deadline, correction_notice_due
from workflow.application_types import DELIVERY, FORMS, Channel, applicant_type
from workflow.deadlines import Calendar, load_calendar, working_days_left
from workflow.placeholders import xml_safe
from workflow.states import APPLICATIONS, ApplicationState, State
from workflow.users import Actor, Permission

log = logging.getLogger(__name__)
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
    """The disclosure suggestion on what the applicant asks for. ``classify`` reads
    short texts with ``suggest_description`` (issue 15); before that entry point, the
    description is read as a short text document by the public ``suggest``. Detection
    is not run: the description is the applicant's words, not a document to publish."""
    import classify

    try:
        short = getattr(classify, "suggest_description", None)
        if short is not None:
            return short(text, settings)
        from ingest import extract_bytes

        document = extract_bytes(text.encode("utf-8"), filename="申请内容.txt")
        return classify.suggest_with_settings(document, (), settings).to_dict(document.text)
    except GongkaiError as exc:
        # An application is registered whatever the classifier's state; the page says
        # there is no suggestion and why, rather than showing none.
        log.warning("no suggestion for an application", extra={"code": exc.code})
        return {"attribute": None, "note": f"无法给出建议：{exc.message}", "error_code": exc.code}


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
    not_future(new.received_on, today, "收到申请日期")
    try:
        channel = Channel(new.channel)
    except ValueError:
        choices = "、".join(c.value for c in Channel)
        raise InvalidInput(f"申请渠道应为{choices}之一（unknown channel）") from None
    kind = applicant_type(new.applicant_type)
    applicant = _applicant(new.applicant)
    description = text_field(new.description, "申请获取的政府信息的描述", limit=4000)
    choice(new.form, FORMS, "获取信息的形式")
    choice(new.delivery_wanted, DELIVERY, "获取信息的方式")
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
    set_due(application, settings)
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


def application_dir(settings: Settings, application_id: int) -> Path:
    """Letters and copies of an application: a folder named by its id, nothing else."""
    return settings.data_dir / "applications" / str(int(application_id))


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


def clock_start(application: ApplicationRecord) -> date:
    return application.correction_received_on or application.received_on


def set_due(application: ApplicationRecord, settings: Settings) -> None:
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


def text_field(value: str | None, what: str, *, limit: int) -> str:
    # Control characters (NUL above all) are not text: PostgreSQL refuses them, and
    # neither DOCX nor XLSX can hold them.
    value = xml_safe(value or "").strip()
    if not value:
        raise InvalidInput(f"请填写{what}")
    if len(value) > limit:
        raise InvalidInput(f"{what}不能超过 {limit} 个字（too long）")
    return value


def choice(value: str | None, choices, what: str) -> None:
    if value is not None and value not in choices:
        raise InvalidInput(f"{what}应为{'、'.join(choices)}之一（unknown value {value!r}）")


def not_future(day: date, today: date, what: str) -> None:
    if day > today:
        raise InvalidInput(f"{what} {day} 晚于今天（a date in the future）")


def not_before(day: date, earliest: date | None, what: str, other: str) -> None:
    if earliest is not None and day < earliest:
        raise InvalidInput(f"{what} {day} 早于{other} {earliest}（dates out of order）")
