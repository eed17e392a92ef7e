"""The publication queue: release, status, revoke, and the deadline view."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from api.deps import (
    CurrentActor,
    DispatcherDep,
    DocumentId,
    RuntimeDep,
    SessionDep,
    SettingsDep,
)
from api.schemas import DocumentSummary, PublicationOut, QueueItem, RevokeIn
from workflow import publish
from workflow.deadlines import load_calendar, working_days_left

router = APIRouter(prefix="/api/v1", tags=["publication"])


@router.post(
    "/documents/{document_id}/release",
    response_model=PublicationOut,
    status_code=status.HTTP_202_ACCEPTED,
)
def release(
    document_id: DocumentId, actor: CurrentActor, session: SessionDep, dispatcher: DispatcherDep
) -> PublicationOut:
    """Put a cleared document in the publication queue. The publisher job writes the
    redacted file, checks it for leaks and publishes it, or sends it back to review."""
    dispatcher.require_available()
    publication = publish.release(session, document_id, actor)
    session.commit()
    dispatcher.publish(publication.id)
    session.refresh(publication)
    return PublicationOut.of(publication)


@router.get(
    "/documents/{document_id}/preview",
    response_class=Response,
    responses={200: {"description": "the redacted file", "content": {"application/pdf": {}}}},
)
def preview(
    document_id: DocumentId, actor: CurrentActor, session: SessionDep, runtime: RuntimeDep
) -> Response:
    """The truly redacted file as it would be published now (leak-checked), from the
    findings confirmed so far. Nothing is stored or published."""
    redacted, extension = publish.preview(runtime, session, document_id, actor)
    return Response(
        redacted.data,
        media_type=redacted.media_type.value,
        headers={
            "Content-Disposition": f'attachment; filename="preview-{document_id}{extension}"',
            "Cache-Control": "no-store",
        },
    )


@router.get("/documents/{document_id}/publications", response_model=list[PublicationOut])
def publication_status(
    document_id: DocumentId, actor: CurrentActor, session: SessionDep
) -> list[PublicationOut]:
    return [PublicationOut.of(p) for p in publish.publications_of(session, document_id, actor)]


@router.post("/documents/{document_id}/revoke", response_model=PublicationOut)
def revoke(
    document_id: DocumentId,
    body: RevokeIn,
    actor: CurrentActor,
    session: SessionDep,
    settings: SettingsDep,
) -> PublicationOut:
    """Record 修改/废止/失效 of a published document, with its date and successor."""
    publication = publish.revoke(
        session,
        document_id,
        actor,
        kind=body.kind,
        effective=body.effective,
        target=settings.publication_target,
        successor_id=body.successor_document_id,
        reason=body.reason,
    )
    return PublicationOut.of(publication)


@router.get("/queue", response_model=list[QueueItem])
def queue(
    actor: CurrentActor,
    session: SessionDep,
    settings: SettingsDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> list[QueueItem]:
    """Documents on their way to publication, earliest 第二十六条 deadline first."""
    today = date.today()
    calendar = load_calendar(settings.holidays_path)
    items = []
    for document in publish.pending_publication(session, actor, limit=limit):
        due = document.disclosure_due
        items.append(
            QueueItem(
                **DocumentSummary.of(document).model_dump(),
                overdue=due is not None and due < today,
                working_days_left=working_days_left(today, due, calendar) if due else None,
            )
        )
    return items
