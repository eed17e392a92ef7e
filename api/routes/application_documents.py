"""The documents an application asks for over HTTP: attach, detach, send to review for
区分处理, make and download the applicant's redacted copy and its log."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response

from api.application_schemas import (
    ApplicationOut,
    AttachIn,
    ReviewNoteIn,
)
from api.deps import CurrentActor, DocumentId, RuntimeDep, SessionDep, SettingsDep
from api.routes.application_common import (
    DOWNLOAD,
    ApplicationId,
    file_response,
    out,
)
from workflow import (
    application_copies,
    application_documents,
    applications,
)

router = APIRouter(prefix="/api/v1/applications", tags=["applications"])
_today = date.today


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
    return out(application, actor, settings, session)


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
    return out(application, actor, settings, session)


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
    return out(application, actor, settings, session)


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
    return out(application, actor, runtime.settings, session)


@router.get(
    "/{application_id}/documents/{document_id}/copy",
    response_class=Response,
    responses=DOWNLOAD,
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
    return file_response(data, name)
