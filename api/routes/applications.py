"""依申请公开 over HTTP: register, time, handle, answer, deliver, close, archive.

Thin: each route parses its body, calls one function of ``workflow.applications`` (or
``application_copies``) and shapes the answer; roles are checked there.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status

from api.application_schemas import (
    ApplicationAuditOut,
    ApplicationIn,
    ApplicationList,
    ApplicationOut,
    ApplicationQueueItem,
    CandidateOut,
    ReplyTypeOut,
)
from api.deps import CurrentActor, DocumentId, SessionDep, SettingsDep
from api.routes.application_common import (
    ApplicationId,
    out,
)
from api.schemas import MAX_ID
from workflow import (
    application_documents,
    applications,
    audit,
)
from workflow.application_types import APPLICANT_TYPE_LABELS, REPLY_TYPES, ApplicantType
from workflow.states import ApplicationState
from workflow.users import Permission

router = APIRouter(prefix="/api/v1/applications", tags=["applications"])


@router.post("", response_model=ApplicationOut, status_code=status.HTTP_201_CREATED)
def register(
    body: ApplicationIn,
    actor: CurrentActor,
    session: SessionDep,
    settings: SettingsDep,
) -> ApplicationOut:
    """登记 an application; the reply is due 20 working days after its receipt."""
    new = applications.NewApplication(
        received_on=body.received_on,
        channel=body.channel.value,
        applicant_type=body.applicant_type.value,
        applicant=body.applicant.model_dump(exclude_none=True),
        description=body.description,
        form=body.form,
        delivery_wanted=body.delivery_wanted,
    )
    application = applications.register(session, settings, actor, new)
    return out(application, actor, settings, session)


@router.get("", response_model=ApplicationList)
def list_applications(
    actor: CurrentActor,
    session: SessionDep,
    settings: SettingsDep,
    state: ApplicationState | None = None,
    year: Annotated[int | None, Query(ge=1990, le=2200)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=MAX_ID)] = 0,
) -> ApplicationList:
    records, total = applications.list_applications(
        session, actor, state=state.value if state else None, year=year, limit=limit, offset=offset
    )
    data = [out(r, actor, settings, session) for r in records]
    return ApplicationList(data=data, count=len(data), total=total)


@router.get("/queue", response_model=list[ApplicationQueueItem])
def application_queue(
    actor: CurrentActor, session: SessionDep, settings: SettingsDep
) -> list[ApplicationQueueItem]:
    """Applications still to be answered, the earliest deadline first (overdue on top)."""
    return [
        ApplicationQueueItem(
            id=e.application.id,
            reference=e.application.reference,
            state=ApplicationState(e.application.state),
            state_label=ApplicationState(e.application.state).label,
            received_on=e.application.received_on,
            applicant_type_label=APPLICANT_TYPE_LABELS[ApplicantType(e.application.applicant_type)],
            description=e.application.description,
            what=e.what,
            due=e.due,
            working_days_left=e.working_days_left,
            overdue=e.overdue,
        )
        for e in applications.queue(session, actor, settings)
    ]


@router.get("/reply-types", response_model=list[ReplyTypeOut])
def reply_types(actor: CurrentActor) -> list[ReplyTypeOut]:
    """第三十六条's reply types, each one row of the annual report's Table 三."""
    actor.require(Permission.READ_APPLICATIONS)
    return [ReplyTypeOut(**r.__dict__) for r in REPLY_TYPES]


@router.get("/proactive-candidates", response_model=list[CandidateOut])
def proactive_candidates(
    actor: CurrentActor,
    session: SessionDep,
    threshold: Annotated[int, Query(ge=2, le=1000)] = 2,
) -> list[CandidateOut]:
    """第四十四条: documents several applicants asked for that are not 主动公开 yet."""
    return [
        CandidateOut(
            document_id=c.document.id,
            title=c.document.title,
            doc_number=c.document.doc_number,
            state=c.document.state,
            applicants=c.applicants,
            applications=c.applications,
        )
        for c in application_documents.proactive_candidates(session, actor, threshold=threshold)
    ]


@router.post("/proactive-candidates/{document_id}/offer")
def offer_proactive(
    document_id: DocumentId,
    actor: CurrentActor,
    session: SessionDep,
    threshold: Annotated[int, Query(ge=2, le=1000)] = 2,
) -> dict:
    """Send the document to the reviewers to be made 主动公开 (第四十四条)."""
    document = application_documents.offer_proactive(
        session, actor, document_id, threshold=threshold
    )
    return {"document_id": document.id, "state": document.state}


@router.get("/{application_id}", response_model=ApplicationOut)
def read_application(
    application_id: ApplicationId, actor: CurrentActor, session: SessionDep, settings: SettingsDep
) -> ApplicationOut:
    application = applications.get_application(session, application_id, actor)
    return out(application, actor, settings, session)


@router.get("/{application_id}/audit", response_model=list[ApplicationAuditOut])
def application_audit(
    application_id: ApplicationId, actor: CurrentActor, session: SessionDep
) -> list[ApplicationAuditOut]:
    """Every step of the application, oldest first (全过程留痕)."""
    actor.require(Permission.AUDIT)
    applications.get_application(session, application_id, actor)
    return [
        ApplicationAuditOut.model_validate(e, from_attributes=True)
        for e in audit.application_trail(session, application_id)
    ]
