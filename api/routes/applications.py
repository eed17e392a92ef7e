"""依申请公开 over HTTP: register, time, handle, answer, deliver, close, archive.

Thin: each route parses its body, calls one function of ``workflow.applications`` (or
``application_copies``) and shapes the answer; roles are checked there.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response, status
from fastapi import Path as PathParam

from api.application_schemas import (
    ApplicationAuditOut,
    ApplicationIn,
    ApplicationList,
    ApplicationOut,
    ApplicationQueueItem,
    AttachIn,
    CandidateOut,
    ClosingIn,
    ConsultationEndIn,
    ConsultationIn,
    CorrectionIn,
    CorrectionReceivedIn,
    DeliveryIn,
    ExtensionIn,
    RemedyDecisionIn,
    RemedyIn,
    ReplyIn,
    ReplyTypeOut,
    ReviewNoteIn,
)
from api.deps import CurrentActor, DocumentId, RuntimeDep, SessionDep, SettingsDep
from api.schemas import MAX_ID
from workflow import (
    application_copies,
    application_documents,
    application_remedies,
    application_replies,
    application_timing,
    applications,
    audit,
)
from workflow.application_types import APPLICANT_TYPE_LABELS, REPLY_TYPES, ApplicantType
from workflow.states import ApplicationState
from workflow.users import Permission

router = APIRouter(prefix="/api/v1/applications", tags=["applications"])
ApplicationId = Annotated[int, PathParam(ge=1, le=MAX_ID)]
RemedyId = Annotated[int, PathParam(ge=1, le=MAX_ID)]
_today = date.today


def _out(application, actor, settings, session) -> ApplicationOut:
    return ApplicationOut.of(application, actor, settings, session)


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
    return _out(application, actor, settings, session)


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
    data = [_out(r, actor, settings, session) for r in records]
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
    return _out(application, actor, settings, session)


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


@router.post("/{application_id}/correction", response_model=ApplicationOut)
def request_correction(
    application_id: ApplicationId,
    body: CorrectionIn,
    actor: CurrentActor,
    session: SessionDep,
    settings: SettingsDep,
) -> ApplicationOut:
    """补正告知 (第三十条): the clock stops until the corrected application arrives."""
    application = application_timing.request_correction(
        session,
        settings,
        actor,
        application_id,
        sent_on=body.sent_on or _today(),
        correct_by=body.correct_by,
        items=body.items,
    )
    return _out(application, actor, settings, session)


@router.post("/{application_id}/correction/received", response_model=ApplicationOut)
def receive_correction(
    application_id: ApplicationId,
    body: CorrectionReceivedIn,
    actor: CurrentActor,
    session: SessionDep,
    settings: SettingsDep,
) -> ApplicationOut:
    application = application_timing.receive_correction(
        session,
        settings,
        actor,
        application_id,
        received_on=body.received_on or _today(),
        description=body.description,
    )
    return _out(application, actor, settings, session)


@router.post("/{application_id}/consultations", response_model=ApplicationOut)
def start_consultation(
    application_id: ApplicationId,
    body: ConsultationIn,
    actor: CurrentActor,
    session: SessionDep,
    settings: SettingsDep,
) -> ApplicationOut:
    """征求意见 (第三十二条, 第三十四条): its days, 15 at most, do not count."""
    application_timing.start_consultation(
        session,
        settings,
        actor,
        application_id,
        kind=body.kind.value,
        party=body.party,
        sent_on=body.sent_on or _today(),
    )
    application = applications.get_application(session, application_id, actor)
    return _out(application, actor, settings, session)


@router.post("/{application_id}/consultations/end", response_model=ApplicationOut)
def end_consultation(
    application_id: ApplicationId,
    body: ConsultationEndIn,
    actor: CurrentActor,
    session: SessionDep,
    settings: SettingsDep,
) -> ApplicationOut:
    application_timing.end_consultation(
        session,
        settings,
        actor,
        application_id,
        outcome=body.outcome,
        answered_on=body.answered_on,
    )
    application = applications.get_application(session, application_id, actor)
    return _out(application, actor, settings, session)


@router.post("/{application_id}/extension", response_model=ApplicationOut)
def extend(
    application_id: ApplicationId,
    body: ExtensionIn,
    actor: CurrentActor,
    session: SessionDep,
    settings: SettingsDep,
) -> ApplicationOut:
    """延期答复: once, at most 20 working days, with who approved it."""
    application = application_timing.extend(
        session,
        settings,
        actor,
        application_id,
        days=body.days,
        approver=body.approver,
        reason=body.reason,
        on=body.on or _today(),
    )
    return _out(application, actor, settings, session)


@router.post("/{application_id}/documents", response_model=ApplicationOut)
def attach_document(
    application_id: ApplicationId,
    body: AttachIn,
    actor: CurrentActor,
    session: SessionDep,
    settings: SettingsDep,
) -> ApplicationOut:
    application_documents.attach_document(session, actor, application_id, body.document_id)
    application = applications.get_application(session, application_id, actor)
    return _out(application, actor, settings, session)


@router.delete("/{application_id}/documents/{document_id}", response_model=ApplicationOut)
def detach_document(
    application_id: ApplicationId,
    document_id: DocumentId,
    actor: CurrentActor,
    session: SessionDep,
    settings: SettingsDep,
) -> ApplicationOut:
    application_documents.detach_document(session, actor, application_id, document_id)
    application = applications.get_application(session, application_id, actor)
    return _out(application, actor, settings, session)


@router.post("/{application_id}/documents/{document_id}/review", response_model=ApplicationOut)
def send_to_review(
    application_id: ApplicationId,
    document_id: DocumentId,
    body: ReviewNoteIn,
    actor: CurrentActor,
    session: SessionDep,
    settings: SettingsDep,
) -> ApplicationOut:
    """区分处理: the document goes back to the reviewers (保密审查) before the copy."""
    application_documents.send_to_review(session, actor, application_id, document_id, body.note)
    application = applications.get_application(session, application_id, actor)
    return _out(application, actor, settings, session)


@router.post("/{application_id}/documents/{document_id}/copy", response_model=ApplicationOut)
def make_copy(
    application_id: ApplicationId,
    document_id: DocumentId,
    actor: CurrentActor,
    session: SessionDep,
    runtime: RuntimeDep,
) -> ApplicationOut:
    """The applicant's copy: truly redacted from the confirmed findings, leak-checked,
    with its redaction log."""
    application_copies.make_copy(runtime, session, actor, application_id, document_id)
    application = applications.get_application(session, application_id, actor)
    return _out(application, actor, runtime.settings, session)


_DOWNLOAD = {200: {"description": "the file"}}


@router.get(
    "/{application_id}/documents/{document_id}/copy",
    response_class=Response,
    responses=_DOWNLOAD,
)
def download_copy(
    application_id: ApplicationId,
    document_id: DocumentId,
    actor: CurrentActor,
    session: SessionDep,
    runtime: RuntimeDep,
    part: Annotated[str, Query(pattern="^(file|log.html|log.json)$")] = "file",
) -> Response:
    application = applications.for_handling(session, actor, application_id)
    link = applications.attached(application, document_id)
    data, name = application_copies.copy_file(runtime, link, part)
    return _file(data, name)


@router.post("/{application_id}/reply", response_model=ApplicationOut)
def reply(
    application_id: ApplicationId,
    body: ReplyIn,
    actor: CurrentActor,
    session: SessionDep,
    runtime: RuntimeDep,
) -> ApplicationOut:
    """答复 with one of 第三十六条's types; the 答复告知书 is written as DOCX and PDF."""
    application = application_replies.reply(
        runtime,
        session,
        actor,
        application_id,
        reply_code=body.reply_type,
        reason=body.reason,
        replied_on=body.replied_on or _today(),
    )
    return _out(application, actor, runtime.settings, session)


@router.get("/{application_id}/letter", response_class=Response, responses=_DOWNLOAD)
def download_letter(
    application_id: ApplicationId,
    actor: CurrentActor,
    session: SessionDep,
    runtime: RuntimeDep,
    format: Annotated[str, Query(pattern="^(docx|pdf)$")] = "pdf",
) -> Response:
    """The 答复告知书 as it was issued (it names the applicant: handling roles only)."""
    application = applications.for_handling(session, actor, application_id)
    data, name = application_replies.letter_file(runtime.settings, application, format)
    return _file(data, name)


@router.post("/{application_id}/delivery", response_model=ApplicationOut)
def deliver(
    application_id: ApplicationId,
    body: DeliveryIn,
    actor: CurrentActor,
    session: SessionDep,
    settings: SettingsDep,
) -> ApplicationOut:
    """邮寄/送达."""
    application = application_replies.deliver(
        session,
        actor,
        application_id,
        method=body.method,
        delivered_on=body.delivered_on or _today(),
        reference=body.reference,
    )
    return _out(application, actor, settings, session)


@router.post("/{application_id}/close", response_model=ApplicationOut)
def close(
    application_id: ApplicationId,
    body: ClosingIn,
    actor: CurrentActor,
    session: SessionDep,
    settings: SettingsDep,
) -> ApplicationOut:
    """办结."""
    application = application_replies.close(
        session, actor, application_id, closed_on=body.on or _today()
    )
    return _out(application, actor, settings, session)


@router.post("/{application_id}/archive", response_model=ApplicationOut)
def archive(
    application_id: ApplicationId,
    body: ClosingIn,
    actor: CurrentActor,
    session: SessionDep,
    settings: SettingsDep,
) -> ApplicationOut:
    """归档."""
    application = application_replies.archive(
        session, actor, application_id, archived_on=body.on or _today(), reference=body.reference
    )
    return _out(application, actor, settings, session)


@router.post("/{application_id}/remedies", response_model=ApplicationOut)
def record_remedy(
    application_id: ApplicationId,
    body: RemedyIn,
    actor: CurrentActor,
    session: SessionDep,
    settings: SettingsDep,
) -> ApplicationOut:
    """A 行政复议 or 行政诉讼 brought over the application (Table 四)."""
    application_remedies.record_remedy(
        session, actor, application_id, kind=body.kind.value, filed_on=body.filed_on
    )
    application = applications.get_application(session, application_id, actor)
    return _out(application, actor, settings, session)


@router.post("/{application_id}/remedies/{remedy_id}/decision", response_model=ApplicationOut)
def decide_remedy(
    application_id: ApplicationId,
    remedy_id: RemedyId,
    body: RemedyDecisionIn,
    actor: CurrentActor,
    session: SessionDep,
    settings: SettingsDep,
) -> ApplicationOut:
    application_remedies.decide_remedy(
        session,
        actor,
        application_id,
        remedy_id,
        outcome=body.outcome,
        decided_on=body.decided_on,
    )
    application = applications.get_application(session, application_id, actor)
    return _out(application, actor, settings, session)


def _file(data: bytes, name: str) -> Response:
    media = {
        "pdf": "application/pdf",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "html": "text/html; charset=utf-8",
        "json": "application/json",
        "txt": "text/plain; charset=utf-8",
    }.get(name.rsplit(".", 1)[-1], "application/octet-stream")
    return Response(
        data,
        media_type=media,
        headers={
            # Names are built from ids only; never from what a user typed.
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        },
    )
