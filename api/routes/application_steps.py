"""The steps of an application over HTTP: 补正, 征求意见, 延期; 答复 and its letter; 送达,
办结, 归档; 复议 and 诉讼. Thin: each calls one workflow function, which checks the role."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

from api.application_schemas import (
    ApplicationOut,
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
)
from api.deps import CurrentActor, RuntimeDep, SessionDep, SettingsDep
from api.routes.application_common import (
    DOWNLOAD,
    ApplicationId,
    RemedyId,
    file_response,
    out,
)
from workflow import (
    application_notices,
    application_remedies,
    application_replies,
    application_timing,
    applications,
)

router = APIRouter(prefix="/api/v1/applications", tags=["applications"])
_today = date.today


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
    return out(application, actor, settings, session)


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
    return out(application, actor, settings, session)


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
    return out(application, actor, settings, session)


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
    return out(application, actor, settings, session)


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
    return out(application, actor, settings, session)


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
    return out(application, actor, runtime.settings, session)


@router.get("/{application_id}/letter", response_class=Response, responses=DOWNLOAD)
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
    return file_response(data, name)


@router.get("/{application_id}/notices/{kind}", response_class=Response, responses=DOWNLOAD)
def download_notice(
    application_id: ApplicationId,
    kind: Literal["correction", "extension"],
    actor: CurrentActor,
    session: SessionDep,
    runtime: RuntimeDep,
    format: Annotated[str, Query(pattern="^(docx|pdf)$")] = "pdf",
) -> Response:
    """The 补正告知书 or 延期答复告知书 as it was sent (handling roles only)."""
    application = applications.for_handling(session, actor, application_id)
    data, name = application_notices.notice_file(runtime.settings, application, kind, format)
    return file_response(data, name)


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
    return out(application, actor, settings, session)


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
    return out(application, actor, settings, session)


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
    return out(application, actor, settings, session)


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
    return out(application, actor, settings, session)


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
    return out(application, actor, settings, session)
